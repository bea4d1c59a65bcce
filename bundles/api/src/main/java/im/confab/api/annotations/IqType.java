package im.confab.api.annotations;

/** The iq types a handler can ask for. */
public enum IqType {
    /** Requests for data. */
    get,
    /** Requests to change data. */
    set
}
