package im.confab.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The features installed at run time ({@code confab:feature-install}), kept in the data directory so a restart
 * brings them back; the framework cache is wiped at every start, this file is not. One name per line.
 */
final class FeatureState {
    private final Path file;

    FeatureState(Path file) {
        this.file = file;
    }

    Set<String> read() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String name = line.trim();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    void add(String name) throws IOException {
        Set<String> names = read();
        if (names.add(name)) {
            write(names);
        }
    }

    void remove(String name) throws IOException {
        Set<String> names = read();
        if (names.remove(name)) {
            write(names);
        }
    }

    private void write(Set<String> names) throws IOException {
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("# Features installed with confab:feature-install; written by the server.");
        lines.addAll(names);
        // Write beside and rename, so a crash never leaves half a file.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
