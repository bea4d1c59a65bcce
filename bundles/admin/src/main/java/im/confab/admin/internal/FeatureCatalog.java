package im.confab.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The features found in a directory, and dependency resolution over them. No OSGi here: unit-tested directly. */
final class FeatureCatalog {
    private final Map<String, Feature> features;
    private final List<String> problems;

    FeatureCatalog(Collection<Feature> features, List<String> problems) {
        Map<String, Feature> byName = new TreeMap<>();
        for (Feature f : features) {
            if (byName.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("feature " + f.name() + " defined twice");
            }
        }
        this.features = java.util.Collections.unmodifiableMap(byName);
        this.problems = List.copyOf(problems);
    }

    /** Reads every {@code *.json} in {@code dir}; a file that does not parse is reported, not fatal. */
    static FeatureCatalog load(Path dir) throws IOException {
        List<Feature> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add("no features directory " + dir);
            return new FeatureCatalog(found, problems);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".json".length());
                try {
                    found.add(Feature.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException | IOException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
        }
        return new FeatureCatalog(found, problems);
    }

    Map<String, Feature> features() {
        return features;
    }

    List<String> problems() {
        return problems;
    }

    Feature get(String name) {
        Feature f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature " + name + " (known: " + String.join(", ", features.keySet()) + ")");
        }
        return f;
    }

    /**
     * The named features and everything they depend on, each once, every feature after the features it
     * depends on (so bundles install bottom-up). Fails on an unknown name or a dependency cycle.
     */
    List<Feature> resolve(Collection<String> names) {
        Set<String> done = new LinkedHashSet<>();
        for (String name : names) {
            visit(name, new ArrayList<>(), done);
        }
        List<Feature> order = new ArrayList<>();
        for (String name : done) {
            order.add(features.get(name));
        }
        return order;
    }

    private void visit(String name, List<String> path, Set<String> done) {
        if (done.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new IllegalArgumentException("feature dependency cycle: " + String.join(" -> ", cycle));
        }
        Feature f = features.get(name);
        if (f == null) {
            String by = path.isEmpty() ? "" : " (needed by " + path.get(path.size() - 1) + ")";
            throw new IllegalArgumentException("unknown feature " + name + by);
        }
        path.add(name);
        for (String dep : f.depends()) {
            visit(dep, path, done);
        }
        path.remove(path.size() - 1);
        done.add(name);
    }

    /** The features among {@code installed} (other than {@code name}) that need {@code name}, directly or not. */
    Set<String> dependents(String name, Collection<String> installed) {
        Set<String> result = new LinkedHashSet<>();
        for (String other : installed) {
            if (other.equals(name) || !features.containsKey(other)) {
                continue;
            }
            for (Feature f : resolve(List.of(other))) {
                if (f.name().equals(name)) {
                    result.add(other);
                }
            }
        }
        return result;
    }

    /** The bundles of {@code name} itself that none of the other {@code installed} features lists. */
    List<BundleRef> exclusiveBundles(String name, Collection<String> installed) {
        Set<BundleRef> kept = new LinkedHashSet<>();
        for (String other : installed) {
            if (!other.equals(name) && features.containsKey(other)) {
                kept.addAll(features.get(other).bundles());
            }
        }
        List<BundleRef> result = new ArrayList<>();
        for (BundleRef b : get(name).bundles()) {
            if (!kept.contains(b)) {
                result.add(b);
            }
        }
        return result;
    }
}
