package im.confab.sm.disco.internal;

import im.confab.api.sm.StanzaFilter;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.sm.StanzaPostprocessor;
import im.confab.api.sm.StanzaPreprocessor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the plugins present now add to the disco#info of accounts ({@code @AccountDiscoIdentity},
 * {@code @AccountDiscoFeature}), read from the service properties of the session-manager plugins of the four
 * stages: a whiteboard of disco's own, as only disco reads these (the session manager's registry aggregates the
 * server's features). Bind methods take the properties only, so binding never activates a plugin. Each change
 * builds a new immutable {@link View}; requests read it without locks.
 */
@Component(service = AccountDisco.class, reference = {
    @Reference(name = "preprocessors", service = StanzaPreprocessor.class, target = AccountDisco.TARGET,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "add", updated = "update", unbind = "remove"),
    @Reference(name = "handlers", service = StanzaHandler.class, target = AccountDisco.TARGET,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "add", updated = "update", unbind = "remove"),
    @Reference(name = "postprocessors", service = StanzaPostprocessor.class, target = AccountDisco.TARGET,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "add", updated = "update", unbind = "remove"),
    @Reference(name = "filters", service = StanzaFilter.class, target = AccountDisco.TARGET,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "add", updated = "update", unbind = "remove")})
public final class AccountDisco {
    static final String FEATURE = "xmpp.account.disco.feature";
    static final String CATEGORY = "xmpp.account.disco.identity.category";
    static final String TYPE = "xmpp.account.disco.identity.type";
    static final String TARGET = "(|(" + FEATURE + "=*)(" + CATEGORY + "=*))";

    /** An identity beyond {@code account/registered}, e.g. {@code pubsub/pep}. */
    record Identity(String category, String type) {
        /** What every account is; the disco plugin shows it first, so a plugin need not declare it. */
        static final Identity REGISTERED = new Identity("account", "registered");
        static final Comparator<Identity> ORDER = Comparator.comparing(Identity::category)
                .thenComparing(Identity::type);
    }

    /** The identities and features of all plugins present, sorted and without duplicates (stable answers). */
    record View(Set<Identity> identities, Set<String> features) {
        static final View EMPTY = new View(Set.of(), Set.of());
    }

    /** One plugin service's contribution; {@code refs} counts the stages it is bound under (a service may be two). */
    private record Entry(int refs, List<Identity> identities, List<String> features) {
    }

    private final Map<Long, Entry> bound = new HashMap<>(); // guarded by itself
    private volatile View view = View.EMPTY;

    /** @return what the plugins present now add to an account's disco#info */
    View view() {
        return view;
    }

    void add(Map<String, Object> props) {
        synchronized (bound) {
            Entry old = bound.get(id(props));
            bound.put(id(props), parse(props, old == null ? 1 : old.refs() + 1));
            rebuild();
        }
    }

    void update(Map<String, Object> props) {
        synchronized (bound) {
            Entry old = bound.get(id(props));
            bound.put(id(props), parse(props, old == null ? 1 : old.refs()));
            rebuild();
        }
    }

    void remove(Map<String, Object> props) {
        synchronized (bound) {
            Entry old = bound.remove(id(props));
            if (old != null && old.refs() > 1) {
                bound.put(id(props), new Entry(old.refs() - 1, old.identities(), old.features()));
            }
            rebuild();
        }
    }

    private void rebuild() {
        TreeSet<Identity> identities = new TreeSet<>(Identity.ORDER);
        TreeSet<String> features = new TreeSet<>();
        for (Entry e : bound.values()) {
            identities.addAll(e.identities());
            features.addAll(e.features());
        }
        view = new View(Collections.unmodifiableSet(identities), Collections.unmodifiableSet(features));
    }

    private static Long id(Map<String, Object> props) {
        return props.get("service.id") instanceof Long l ? l : -1L;
    }

    private static Entry parse(Map<String, Object> props, int refs) {
        List<Identity> identities = new ArrayList<>();
        Object category = props.get(CATEGORY);
        Object type = props.get(TYPE);
        // both parts or nothing: an identity without a type is not one (XEP-0030 section 3.1)
        if (category instanceof String c && type instanceof String t && !c.isBlank() && !t.isBlank()) {
            identities.add(new Identity(c, t));
        }
        return new Entry(refs, List.copyOf(identities), strings(props.get(FEATURE)));
    }

    /** @return the values of a String, String[] or collection property, blanks left out */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (value instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        }
        out.removeIf(String::isBlank);
        return List.copyOf(out);
    }
}
