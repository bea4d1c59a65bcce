package im.confab.api.session;

/**
 * A typed key for data a plugin keeps on a session (e.g. "requested the roster", "sent initial presence").
 * The data lives in the session manager, not the plugin, so it survives the plugin's hot swap.
 *
 * @param name a unique name, by convention the plugin's package
 * @param type the value's class
 * @param <T> the value type
 */
public record SessionAttribute<T>(String name, Class<T> type) {
}
