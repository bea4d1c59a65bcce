package im.confab.c2s.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the connection under test wrote to an {@link EmbeddedChannel}, taken out and released. */
final class Written {
    private Written() {
    }

    /** @return each buffer written, as UTF-8 text, in order */
    static List<String> buffers(EmbeddedChannel ch) {
        List<String> texts = new ArrayList<>();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            texts.add(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return texts;
    }

    /** @return everything written, as one text */
    static String text(EmbeddedChannel ch) {
        return String.join("", buffers(ch));
    }
}
