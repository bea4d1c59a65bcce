package im.confab.api.store;

/** Storage failed (database unreachable, constraint violated); the caller answers internal-server-error. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
