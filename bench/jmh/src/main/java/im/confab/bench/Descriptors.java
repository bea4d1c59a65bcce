package im.confab.bench;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * The component properties a plugin's DS descriptor ({@code OSGI-INF/<component>.xml}, written by bnd from the
 * property-type annotations) declares, read from the plugin's jar: the benchmark registers plugins with exactly
 * the interest and ranking they have in the server, without copying them by hand.
 */
final class Descriptors {
    private Descriptors() {
    }

    static Map<String, Object> properties(String componentName) {
        String resource = "/OSGI-INF/" + componentName + ".xml";
        try (InputStream in = Descriptors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            NodeList props = f.newDocumentBuilder().parse(in).getElementsByTagName("property");
            Map<String, Object> out = new HashMap<>();
            for (int i = 0; i < props.getLength(); i++) {
                Element p = (Element) props.item(i);
                String type = p.hasAttribute("type") ? p.getAttribute("type") : "String";
                if (p.hasAttribute("value")) {
                    out.put(p.getAttribute("name"), value(type, p.getAttribute("value")));
                } else { // DS: a body holds an array, one value per non-empty line
                    String[] lines = Arrays.stream(p.getTextContent().split("\n")).map(String::trim)
                            .filter(s -> !s.isEmpty()).toArray(String[]::new);
                    if (!type.equals("String")) {
                        throw new IllegalStateException("array property of type " + type + " in " + resource);
                    }
                    out.put(p.getAttribute("name"), lines);
                }
            }
            out.put("component.name", componentName);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static Object value(String type, String v) {
        return switch (type) {
            case "Integer" -> Integer.valueOf(v);
            case "Long" -> Long.valueOf(v);
            case "Boolean" -> Boolean.valueOf(v);
            default -> v;
        };
    }
}
