package im.confab.api.xml;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * The immutable children of an element: a view of the first {@code size} slots of an array that nothing writes
 * once the list exists. The builder hands its array over instead of copying it (see
 * {@link XmlElement.Builder#build()}), so the array may be longer than the list.
 *
 * <p>It also remembers, from its one pass over the nodes, whether they are all elements (then
 * {@link XmlElement#elements()} is this list, without a copy) and the estimated serialised length of the
 * children inside a parent of namespace {@code scope}, which sizes the buffer of {@link XmlElement#toXml()}.
 */
final class NodeList<E extends XmlNode> extends AbstractList<E> implements RandomAccess {
    static final NodeList<XmlNode> EMPTY = new NodeList<>(new XmlNode[0], 0, "");

    final XmlNode[] nodes;
    final int size;
    /** The namespace of the parent that {@link #hint} was computed for. */
    final String scope;
    final boolean onlyElements;
    /** Estimated serialised length of the children in chars, inside a parent of namespace {@link #scope}. */
    final long hint;
    /**
     * The children serialised inside a parent of namespace {@link #scope}, kept once a second parent element
     * serialises them: the copies of a fanned-out stanza (a presence broadcast, later MUC and PEP) differ in
     * their addresses and share this list, so each copy serialises only its start tag. One element serialised
     * again keeps nothing (a stanza caches its own text). Written racily, as {@code String.hash} is: a String is
     * safely published, and a thread that misses it serialises once more.
     */
    private String xml;
    /** The first element that serialised these children (racy, like {@link #xml}). */
    private Object firstParent;

    /** @param nodes not written by anyone after this call; slots below {@code size} non-null */
    NodeList(XmlNode[] nodes, int size, String scope) {
        this.nodes = nodes;
        this.size = size;
        this.scope = scope;
        boolean elementsOnly = true;
        long h = 0;
        for (int i = 0; i < size; i++) {
            XmlNode n = nodes[i];
            if (n instanceof XmlElement e) {
                h += e.hintIn(scope);
            } else {
                elementsOnly = false;
                h += ((XmlText) n).text().length();
            }
        }
        this.onlyElements = elementsOnly;
        this.hint = h;
    }

    /** @return an immutable copy of any list of nodes, or the list itself when it is already one of these */
    static NodeList<XmlNode> copyOf(List<? extends XmlNode> list, String scope) {
        if (list instanceof NodeList<?> l && l.scope.equals(scope)) {
            @SuppressWarnings("unchecked")
            NodeList<XmlNode> same = (NodeList<XmlNode>) l;
            return same;
        }
        XmlNode[] a = list.toArray(new XmlNode[0]);
        for (XmlNode n : a) {
            Objects.requireNonNull(n, "child");
        }
        return a.length == 0 ? EMPTY : new NodeList<>(a, a.length, scope);
    }

    /**
     * @return the children's kept text inside a parent of namespace {@code parentScope}, or null when none is kept
     *         (fewer than two parents serialised them) or it was kept for another scope
     */
    String keptText(String parentScope) {
        String cached = xml;
        return cached != null && scope.equals(parentScope) ? cached : null;
    }

    /** Writes the children of {@code parent}, whose namespace in scope is {@code parentScope}. */
    void writeTo(StringBuilder out, Object parent, String parentScope) {
        String cached = xml;
        boolean sameScope = scope.equals(parentScope);
        if (cached != null && sameScope) {
            out.append(cached);
            return;
        }
        Object first = firstParent;
        if (first == null || first == parent || !sameScope) {
            firstParent = parent;
            writeNodes(out, parentScope);
            return;
        }
        StringBuilder sb = new StringBuilder((int) Math.min(hint + 16, Integer.MAX_VALUE >> 2));
        writeNodes(sb, parentScope);
        xml = cached = sb.toString();
        out.append(cached);
    }

    private void writeNodes(StringBuilder out, String parentScope) {
        for (int i = 0; i < size; i++) {
            nodes[i].writeTo(out, parentScope);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) nodes[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public E next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return (E) nodes[next++];
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super E> action) {
        Objects.requireNonNull(action);
        for (int i = 0; i < size; i++) {
            action.accept((E) nodes[i]);
        }
    }
}
