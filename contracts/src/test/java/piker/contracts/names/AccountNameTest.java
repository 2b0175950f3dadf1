package piker.contracts.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountNameTest {
  @Test
  void parsesAndPrintsBrokerDotLabel() {
    AccountName name = AccountName.parse("sim.paper");
    assertEquals(new AccountName("sim", "paper"), name);
    assertEquals("sim.paper", name.toString());
    assertTrue(name.isPaper());
    assertFalse(AccountName.parse("binance.main_2").isPaper());
  }

  @Test
  void rejectsMalformedNamesWithTheText() {
    for (String bad : new String[] {"sim", "sim.", ".paper", "a.b.c", "Sim.paper", "sim.pa per", "sim._x", "-a.b"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccountName.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
