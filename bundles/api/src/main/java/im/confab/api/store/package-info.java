/**
 * Confab API: storage SPIs for the IM plugins. Every method may block on I/O, unless it says otherwise: plugins
 * call them only from their own processor queues, never from a preprocessor, filter or network thread. Users are normalized
 * localparts of a local domain (see {@code Jid.normalizeLocal}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package im.confab.api.store;
