package piker.emsd.router;

/** A client dialog as the router names it; the actor shell maps it to the dialog's session. */
public record ClientId(long id) {}
