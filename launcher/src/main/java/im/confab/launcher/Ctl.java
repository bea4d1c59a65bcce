package im.confab.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code bin/confabctl COMMAND [ARGS...]}: runs one Gogo command in the running server through the control
 * socket {@code <confab.data>/run/confabctl.sock}, copies its output and exits with its status: 0 success,
 * 1 the command failed, 2 confabctl could not get an answer (server not running, bad request, busy).
 *
 * <p>The arguments are joined with spaces into one command line, as ssh does, so Gogo quoting and pipes work
 * when quoted for the shell: {@code confabctl 'lb | grep confab'}. The protocol is described in the server's
 * {@code im.confab.admin.internal.ControlChannel}: request one line; response lines "O text", "E text", then
 * "S status". When its output is not a terminal, colour codes are removed.
 */
public final class Ctl {
    static final int NO_ANSWER = 2;
    /** ANSI control sequences (colours): Gogo believes its session streams are terminals and colours output. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    private Ctl() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).println("usage: confabctl COMMAND [ARGS...]   e.g. confabctl lb, confabctl confab:features");
            return args.length == 0 ? NO_ANSWER : 0;
        }
        String line = String.join(" ", args);
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            err.println("confabctl: a command cannot contain a line break");
            return NO_ANSWER;
        }
        Path socket;
        try {
            Map<String, String> system = new HashMap<>();
            System.getProperties().forEach((k, v) -> system.put(String.valueOf(k), String.valueOf(v)));
            socket = Settings.load(Settings.locateHome(), system).socket();
        } catch (IOException e) {
            err.println("confabctl: cannot read the configuration: " + e.getMessage());
            return NO_ANSWER;
        }
        return call(socket, line, out, err, !Main.onTerminal());
    }

    static int call(Path socket, String line, PrintStream out, PrintStream err, boolean plain) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            boolean absent = !Files.exists(socket) || (e instanceof SocketException && String.valueOf(e.getMessage()).contains("refused"));
            err.println(absent
                    ? "confabctl: Confab is not running (nothing listens on " + socket + ")"
                    : "confabctl: cannot connect to " + socket + ": " + e.getMessage());
            return NO_ANSWER;
        }
        try (channel) {
            IOException writeFailure = null;
            try {
                channel.write(StandardCharsets.UTF_8.encode(line + "\n"));
            } catch (IOException e) {
                writeFailure = e; // a busy server answers and closes without reading: read its answer anyway
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String frame;
            while ((frame = in.readLine()) != null) {
                String payload = frame.length() >= 2 ? frame.substring(2) : "";
                if (plain) {
                    payload = ANSI.matcher(payload).replaceAll("");
                }
                switch (frame.isEmpty() ? '?' : frame.charAt(0)) {
                    case 'O' -> out.println(payload);
                    case 'E' -> err.println(payload);
                    case 'S' -> {
                        out.flush();
                        return Integer.parseInt(payload.trim());
                    }
                    default -> {
                        err.println("confabctl: unexpected reply from the server: " + frame);
                        return NO_ANSWER;
                    }
                }
            }
            err.println(writeFailure != null
                    ? "confabctl: cannot send the command: " + writeFailure.getMessage()
                    : "confabctl: the server closed the connection before the command finished");
            return NO_ANSWER;
        } catch (IOException | NumberFormatException e) {
            err.println("confabctl: " + e.getMessage());
            return NO_ANSWER;
        }
    }
}
