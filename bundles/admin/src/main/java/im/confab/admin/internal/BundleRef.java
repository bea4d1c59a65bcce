package im.confab.admin.internal;

/**
 * A bundle named in a feature by its Maven coordinates {@code group:artifact:version}, or
 * {@code group:artifact:jar:classifier:version} for a platform's jar (the OSGi feature spec's long form); the
 * distribution keeps its jar as {@code bundles/<artifact>-<version>[-<classifier>].jar}.
 *
 * @param classifier null for none
 */
record BundleRef(String group, String artifact, String classifier, String version) {

    BundleRef {
        requirePart(group, "group");
        requirePart(artifact, "artifact");
        requirePart(version, "version");
        if (classifier != null) {
            requirePart(classifier, "classifier");
        }
    }

    BundleRef(String group, String artifact, String version) {
        this(group, artifact, null, version);
    }

    /** Parses {@code group:artifact:version} or {@code group:artifact:jar:classifier:version}. */
    static BundleRef parse(String id) {
        String[] parts = id.trim().split(":", -1);
        if (parts.length != 3 && !(parts.length == 5 && parts[2].equals("jar"))) {
            throw new IllegalArgumentException("bundle id \"" + id + "\" is not group:artifact:version or"
                    + " group:artifact:jar:classifier:version");
        }
        String version = parts[parts.length - 1];
        if (version.contains("${")) {
            // The source files carry Maven placeholders; only the filtered copies are usable.
            throw new IllegalArgumentException("bundle id \"" + id + "\" has an unfiltered placeholder");
        }
        return new BundleRef(parts[0], parts[1], parts.length == 5 ? parts[3] : null, version);
    }

    String fileName() {
        return artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
    }

    @Override
    public String toString() {
        return group + ":" + artifact + (classifier == null ? "" : ":jar:" + classifier) + ":" + version;
    }

    private static void requirePart(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty " + what + " in bundle id");
        }
    }
}
