package im.confab.admin.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OSGi R8 Feature file, reduced to what Confab uses: the bundles (in order), the default configurations
 * and the features it needs first, given as a JSON extension:
 *
 * <pre>
 * "extensions": { "confab-depends": { "type": "JSON", "kind": "mandatory", "json": ["core"] } }
 * </pre>
 *
 * A feature's short name (used by the commands) is its file name without {@code .json}.
 */
record Feature(String name, String id, String title, String description, List<BundleRef> bundles,
               List<String> depends, Map<String, Map<String, Object>> configurations) {

    static final String DEPENDS_EXTENSION = "confab-depends";

    Feature {
        bundles = List.copyOf(bundles);
        depends = List.copyOf(depends);
        configurations = Collections.unmodifiableMap(new LinkedHashMap<>(configurations));
    }

    static Feature parse(String name, String text) {
        try {
            return fromJson(name, Json.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feature " + name + ": " + e.getMessage(), e);
        }
    }

    private static Feature fromJson(String name, Object parsed) {
        Map<String, Object> root = object(parsed, "the feature");
        Object version = root.get("feature-resource-version");
        if (version != null && !String.valueOf(version).startsWith("1.")) {
            throw new IllegalArgumentException("unsupported feature-resource-version " + version);
        }
        String id = string(root.get("id"), "id");
        if (id == null) {
            throw new IllegalArgumentException("no \"id\"");
        }
        String title = string(root.get("name"), "name");
        String description = string(root.get("description"), "description");

        List<BundleRef> bundles = new ArrayList<>();
        for (Object entry : list(root.get("bundles"), "bundles")) {
            // The spec allows a plain id or an object with "id" and metadata.
            Object bundleId = entry instanceof Map<?, ?> m ? m.get("id") : entry;
            bundles.add(BundleRef.parse(string(bundleId, "bundle id")));
        }

        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        Object configs = root.get("configurations");
        if (configs != null) {
            for (Map.Entry<String, Object> e : object(configs, "configurations").entrySet()) {
                Map<String, Object> props = object(e.getValue(), "configuration " + e.getKey());
                ConfigValues.toProperties(props); // fail on load, not when installing
                configurations.put(e.getKey(), props);
            }
        }

        List<String> depends = new ArrayList<>();
        Object extensions = root.get("extensions");
        if (extensions != null) {
            for (Map.Entry<String, Object> e : object(extensions, "extensions").entrySet()) {
                Map<String, Object> ext = object(e.getValue(), "extension " + e.getKey());
                if (DEPENDS_EXTENSION.equals(e.getKey())) {
                    if (!"JSON".equals(ext.get("type"))) {
                        throw new IllegalArgumentException("extension " + DEPENDS_EXTENSION + " must have type JSON");
                    }
                    for (Object d : list(ext.get("json"), DEPENDS_EXTENSION)) {
                        depends.add(string(d, DEPENDS_EXTENSION + " entry"));
                    }
                } else if ("mandatory".equals(ext.get("kind"))) {
                    // The spec requires a processor to fail on a mandatory extension it does not know.
                    throw new IllegalArgumentException("unsupported mandatory extension " + e.getKey());
                }
            }
        }
        if (depends.contains(name)) {
            throw new IllegalArgumentException("depends on itself");
        }
        return new Feature(name, id, title, description, bundles, depends, configurations);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o, String what) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " must be a JSON array");
        }
        return l;
    }

    private static String string(Object o, String what) {
        if (o != null && !(o instanceof String)) {
            throw new IllegalArgumentException(what + " must be a string");
        }
        return (String) o;
    }
}
