package im.confab.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Boots the distribution's own boot bundles (the launcher's set, including the admin bundle, which installs the
 * {@code im} feature as in production) and checks that every bundle is active and every component satisfied.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WiringOsgiIT {
    private static final long TIMEOUT_MS = 60_000;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return Boot.options("wiring");
    }

    private List<Bundle> confabBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("im.confab.")).toList();
    }

    /** Waits until the feature the admin bundle installs is in place and every bundle is active. */
    private void awaitActive() throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String inactive = "";
        while (System.currentTimeMillis() < deadline) {
            List<Bundle> ours = confabBundles();
            boolean ping = ours.stream().anyMatch(b -> b.getSymbolicName().equals("im.confab.sm.ping"));
            inactive = Arrays.stream(context.getBundles())
                    .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                    .map(b -> b.getSymbolicName() + "(" + b.getState() + ")").collect(Collectors.joining(", "));
            if (ping && inactive.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("not all bundles active within " + TIMEOUT_MS + " ms: " + inactive);
    }

    @Test
    public void everyBundleOfTheImFeatureIsActive() throws Exception {
        awaitActive();
        List<String> names = confabBundles().stream().map(Bundle::getSymbolicName).sorted().toList();
        for (String expected : List.of("im.confab.api", "im.confab.xml", "im.confab.tls", "im.confab.router",
                "im.confab.sm", "im.confab.sm.ping", "im.confab.c2s", "im.confab.store.jdbc", "im.confab.accounts",
                "im.confab.admin")) {
            assertTrue(expected + " missing from " + names, names.contains(expected));
        }
    }

    @Test
    public void everyComponentIsSatisfied() throws Exception {
        awaitActive();
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        List<String> problems = List.of("none checked");
        int checked = 0;
        while (System.currentTimeMillis() < deadline) {
            problems = new ArrayList<>();
            checked = 0;
            for (Bundle b : confabBundles()) {
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                    checked++;
                    var configs = scr.getComponentConfigurationDTOs(d);
                    if (configs.isEmpty()) {
                        problems.add(d.name + ": no configuration");
                    }
                    for (ComponentConfigurationDTO c : configs) {
                        if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                            problems.add(d.name + ": state " + c.state + " unsatisfied "
                                    + Arrays.stream(c.unsatisfiedReferences).map(r -> r.name).toList()
                                    + (c.failure == null ? "" : " failure " + c.failure));
                        }
                    }
                }
            }
            if (problems.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("components not satisfied: " + problems, List.of(), problems);
        assertTrue("too few components: " + checked, checked >= 10);
    }
}
