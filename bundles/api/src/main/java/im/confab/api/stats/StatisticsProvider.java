package im.confab.api.stats;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component's counters for {@code confab:stats} (Tigase's StatisticsContainer): register a service; the
 * shell lists every provider present. Reading must be cheap and never block.
 */
@ConsumerType
public interface StatisticsProvider {

    /** @return the component's name, e.g. {@code router} */
    String statisticsName();

    /** @return counter name -> value, a snapshot */
    Map<String, Long> statistics();
}
