package piker.paperboi;

class ReferencePaperBookTest extends PaperBookContract {

  @Override
  protected PaperBook newBook() {
    return new ReferencePaperBook();
  }
}
