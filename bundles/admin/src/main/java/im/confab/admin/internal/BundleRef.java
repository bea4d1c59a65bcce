package im.confab.admin.internal;

/**
 * A bundle named in a feature by its Maven coordinates {@code group:artifact:version}; the distribution
 * keeps its jar as {@code bundles/<artifact>-<version>.jar}.
 */
record BundleRef(String group, String artifact, String version) {

    BundleRef {
        requirePart(group, "group");
        requirePart(artifact, "artifact");
        requirePart(version, "version");
    }

    /** Parses {@code group:artifact:version}; the spec's longer {@code g:a:type:classifier:v} ids are refused. */
    static BundleRef parse(String id) {
        String[] parts = id.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("bundle id \"" + id + "\" is not group:artifact:version");
        }
        if (parts[2].contains("${")) {
            // The source files carry Maven placeholders; only the filtered copies are usable.
            throw new IllegalArgumentException("bundle id \"" + id + "\" has an unfiltered placeholder");
        }
        return new BundleRef(parts[0], parts[1], parts[2]);
    }

    String fileName() {
        return artifact + "-" + version + ".jar";
    }

    @Override
    public String toString() {
        return group + ":" + artifact + ":" + version;
    }

    private static void requirePart(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty " + what + " in bundle id");
        }
    }
}
