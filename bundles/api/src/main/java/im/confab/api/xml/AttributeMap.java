package im.confab.api.xml;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The unmodifiable {@code Map} view of an element's attributes, over the element's array of names and values
 * (name at even, value at odd indexes), in document order. Made only when asked for: nothing on the routing path
 * needs a {@code Map}.
 */
final class AttributeMap extends AbstractMap<String, String> {
    private final String[] pairs;
    private final int length;

    AttributeMap(String[] pairs, int length) {
        this.pairs = pairs;
        this.length = length;
    }

    @Override
    public int size() {
        return length >> 1;
    }

    @Override
    public String get(Object key) {
        for (int i = 0; i < length; i += 2) {
            if (pairs[i].equals(key)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        Objects.requireNonNull(action);
        for (int i = 0; i < length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return length >> 1;
            }

            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> e = new SimpleImmutableEntry<>(pairs[next], pairs[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }
        };
    }
}
