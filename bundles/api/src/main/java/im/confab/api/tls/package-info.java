/** Confab API: tls. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package im.confab.api.tls;
