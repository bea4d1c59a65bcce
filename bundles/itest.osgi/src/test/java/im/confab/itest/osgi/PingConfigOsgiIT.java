package im.confab.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import im.confab.api.session.SessionManager;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Server pings (PID {@code xmpp.sm.ping}) configured live through a file in the FileInstall-watched conf dir,
 * as an operator does: the component picks the values up without a restart, and drops them with the file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PingConfigOsgiIT {
    private static final String WORK = "pingconfig";
    private static final String PID = "xmpp.sm.ping";
    private static final String COMPONENT = "im.confab.sm.ping.internal.ServerPinger";
    /** FileInstall polls every second; the pinger's timer wheel ticks every 100 ms. */
    private static final long CONFIG_MS = 15_000;

    @Inject
    BundleContext context;

    private SessionManager sm;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return Boot.options(WORK);
    }

    @Before
    public void boot() throws Exception {
        Boot.awaitActive(context);
        sm = Boot.sessionManager(context);
    }

    @After
    public void cleanUp() throws Exception {
        for (TestClient c : clients) {
            c.shutdown();
        }
        Files.deleteIfExists(cfgFile());
    }

    private Path cfgFile() {
        return Boot.conf(WORK).resolve(PID + ".cfg");
    }

    private TestClient open(String account, String resource, boolean answerServerPings) throws Exception {
        TestClient c = TestClient.open(sm, account, resource, answerServerPings);
        clients.add(c);
        return c;
    }

    /** Writes a file whole (FileInstall never sees half of it: the .tmp name does not match its filter). */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return the properties the ServerPinger component runs with now (configuration included) */
    private Map<String, Object> pingerProperties() {
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(PingBundle.get(context), COMPONENT);
        if (d == null) {
            return null;
        }
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
            if (c.state == ComponentConfigurationDTO.ACTIVE) {
                return c.properties;
            }
        }
        return null;
    }

    @Test
    public void serverPingsFollowTheConfigFile() throws Exception {
        TestClient idle = open("carol@localhost", "idle", false);
        TestClient answering = open("dave@localhost", "answering", true);
        assertEquals("pings before any configuration", List.of(), idle.serverPings());

        writeAtomically(cfgFile(), "send.pings=true\nping.interval=1\nping.ack.timeout=1\ntimeout.action=kill\n");
        Poll.until("xmpp.sm.ping from " + cfgFile() + " applied", CONFIG_MS, () -> {
            Map<String, Object> p = pingerProperties();
            return p != null && PID.equals(p.get("service.pid")) && "1".equals(String.valueOf(p.get("ping.interval")))
                    ? Boolean.TRUE : null;
        }, () -> "component properties: " + pingerProperties());

        // The silent session: pinged once, and closed with connection-timeout when the ack timeout (1 s) passed.
        TestClient.Received ping = Poll.until("server ping to the silent session", CONFIG_MS,
                () -> idle.serverPings().isEmpty() ? null : idle.serverPings().get(0));
        Stanza iq = ping.stanza();
        assertEquals("get", iq.type());
        assertEquals(TestClient.SERVER, iq.from());
        assertEquals(idle.session().jid(), iq.to());
        assertTrue("ping without id: " + iq, iq.id() != null);
        StreamError.Condition closedWith = Poll.until("silent session closed", 10_000, idle::closed);
        assertEquals(StreamError.Condition.CONNECTION_TIMEOUT, closedWith);
        long afterPingMs = TimeUnit.NANOSECONDS.toMillis(idle.closedNanos() - ping.nanos());
        // ack timeout 1 s on a 100 ms wheel: not before about 0.9 s, and not long after
        assertTrue("closed " + afterPingMs + " ms after the ping", afterPingMs >= 850 && afterPingMs <= 4_000);
        assertEquals("pings to the silent session " + idle.serverPings(), 1, idle.serverPings().size());
        assertEquals("close calls", 1, idle.closes());
        assertFalse("killed session still bound", sm.sessions().contains(idle.session()));

        // The session that answers: pinged after every second of silence, and never closed.
        Poll.until("four server pings to the answering session", CONFIG_MS,
                () -> answering.serverPings().size() >= 4 ? Boolean.TRUE : null,
                () -> "pings so far " + answering.serverPings().size() + ", closed " + answering.closed());
        assertNull("answering session closed", answering.closed());
        assertTrue("answering session no longer bound", sm.sessions().contains(answering.session()));
        for (TestClient.Received r : answering.serverPings()) {
            assertEquals(answering.session().jid(), r.stanza().to());
        }

        // Without the file the defaults are back (send.pings=false): the pings stop.
        Files.delete(cfgFile());
        // FileInstall deletes the configuration; SCR then runs the component without it
        Poll.until("configuration " + PID + " removed, ServerPinger back on its defaults", CONFIG_MS, () -> {
            Map<String, Object> p = pingerProperties();
            return p != null && !p.containsKey("service.pid") ? Boolean.TRUE : null;
        }, () -> "component properties: " + pingerProperties());
        TestClient late = open("erin@localhost", "late", false);
        // A ping whose check began just before the change may still arrive: let it, then count.
        Thread.sleep(500);
        int before = answering.serverPings().size();
        // Absence can only be watched for: three intervals and the ack timeout of the old settings.
        Thread.sleep(4_000);
        assertEquals("server pings after the configuration was removed", before, answering.serverPings().size());
        assertEquals("server pings to a session opened after the removal", List.of(), late.serverPings());
        assertNull("answering session closed", answering.closed());
        assertNull("late session closed", late.closed());
    }
}
