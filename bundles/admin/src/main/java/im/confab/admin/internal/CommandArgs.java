package im.confab.admin.internal;

import java.util.List;

/** Argument checks shared by the Gogo {@code Function} commands. */
final class CommandArgs {
    private CommandArgs() {
    }

    static String single(List<Object> arguments, String usage) {
        if (arguments.size() != 1 || arguments.get(0) == null) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return String.valueOf(arguments.get(0));
    }

    static void none(List<Object> arguments, String usage) {
        if (!arguments.isEmpty()) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
