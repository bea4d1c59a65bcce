package im.confab.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ControlProtocolTest {

    @Test
    void framesLinesOfBothStreamsWithoutInterleaving() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Object lock = new Object();
        FramedStream out = new FramedStream(sink, 'O', lock);
        FramedStream err = new FramedStream(sink, 'E', lock);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        o.print("first ");
        e.println("oops");
        o.println("line");
        o.println();
        o.print("no newline é");
        o.flush();
        out.finish();
        err.finish();
        assertEquals("E oops\nO first line\nO \nO no newline é\n", sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cutsLongLinesOnCharacterBoundaries() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FramedStream out = new FramedStream(sink, 'O', new Object());
        String text = "a" + "é".repeat(FramedStream.MAX_LINE);  // 2 bytes each: a cut could fall inside one
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.finish();
        StringBuilder joined = new StringBuilder();
        for (String frame : sink.toString(StandardCharsets.UTF_8).split("\n")) {
            assertEquals("O ", frame.substring(0, 2));
            joined.append(frame.substring(2));
        }
        assertEquals(text, joined.toString());
    }

    @Test
    void readsOneRequestLine() throws IOException {
        assertEquals("lb -s", ControlRequest.readLine(in("lb -s\nignored")));
        assertEquals("lb", ControlRequest.readLine(in("lb\r\n")));
        assertEquals("", ControlRequest.readLine(in("\n")));
        assertNull(ControlRequest.readLine(in("no line end")));
        assertNull(ControlRequest.readLine(in("x".repeat(ControlRequest.MAX_REQUEST + 1) + "\n")));
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
