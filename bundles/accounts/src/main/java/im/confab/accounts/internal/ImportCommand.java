package im.confab.accounts.internal;

import im.confab.api.annotations.GogoCommand;
import im.confab.api.auth.AccountStore;
import im.confab.api.store.RosterStore;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code confab:import FILE}: bulk provisioning of accounts and roster items from a file (format in
 * {@link ImportFile}), as ejabberd's and Prosody's importers do; used to set up load tests with thousands of
 * accounts in one command. The file holds passwords in the clear: delete it afterwards.
 */
@Component(service = Object.class)
@GogoCommand(function = "import")
public final class ImportCommand {
    private final Importer importer;

    @Activate
    public ImportCommand(@Reference(name = "accounts") AccountStore accounts,
                         @Reference(name = "rosters") RosterStore rosters) {
        this.importer = new Importer(accounts, rosters);
    }

    @Descriptor("create accounts and roster items listed in a file (lines: user NAME PASSWORD,"
            + " contact OWNER JID none|to|from|both [NAME])")
    public String _import(@Descriptor("path of the file, read by the server") String file) {
        ImportFile parsed;
        try {
            parsed = ImportFile.parse(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        long start = System.nanoTime();
        Importer.Result r = importer.run(parsed);
        return r + String.format(" in %.1f s", (System.nanoTime() - start) / 1e9);
    }
}
