package piker.emsd.dark;

class IndexedTriggerBookTest extends TriggerBookContract {

  @Override
  protected TriggerBook newBook() {
    return new IndexedTriggerBook();
  }
}
