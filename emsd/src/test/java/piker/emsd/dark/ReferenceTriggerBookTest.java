package piker.emsd.dark;

class ReferenceTriggerBookTest extends TriggerBookContract {

  @Override
  protected TriggerBook newBook() {
    return new ReferenceTriggerBook();
  }
}
