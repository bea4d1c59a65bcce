package im.confab.admin.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a feature's JSON configuration into ConfigurationAdmin properties, following the OSGi Configurator
 * value rules in a reduced form: plain JSON values map to String, Long, Double and Boolean (arrays to arrays of
 * those), and a key may carry a type hint such as {@code "port:Integer"}, {@code "hosts:String[]"} or
 * {@code "ids:Collection<Long>"}. Nested objects are not configuration values and are refused.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    static Dictionary<String, Object> toProperties(Map<String, Object> json) {
        Hashtable<String, Object> props = new Hashtable<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = e.getKey();
            String hint = null;
            int colon = key.indexOf(':');
            if (colon >= 0) {
                hint = key.substring(colon + 1).trim();
                key = key.substring(0, colon).trim();
            }
            if (e.getValue() == null) {
                continue; // no such thing as a null property
            }
            props.put(key, convert(key, e.getValue(), hint));
        }
        return props;
    }

    static Object convert(String key, Object value, String hint) {
        if (value instanceof Map) {
            throw new IllegalArgumentException("property " + key + ": objects are not configuration values");
        }
        if (hint == null) {
            return value instanceof List<?> list ? untypedArray(key, list) : value;
        }
        if (hint.endsWith("[]")) {
            Function<Object, Object> scalar = scalar(key, hint.substring(0, hint.length() - 2));
            List<?> list = asList(value);
            Object array = Array.newInstance(typeOf(key, hint.substring(0, hint.length() - 2)), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, scalar.apply(list.get(i)));
            }
            return array;
        }
        if (hint.startsWith("Collection<") && hint.endsWith(">")) {
            Function<Object, Object> scalar = scalar(key, hint.substring("Collection<".length(), hint.length() - 1));
            List<Object> out = new ArrayList<>();
            for (Object o : asList(value)) {
                out.add(scalar.apply(o));
            }
            return out;
        }
        return scalar(key, hint).apply(value);
    }

    private static Object untypedArray(String key, List<?> list) {
        Class<?> type = String.class;
        if (!list.isEmpty()) {
            type = list.get(0) == null ? String.class : list.get(0).getClass();
            for (Object o : list) {
                if (o == null || o.getClass() != type || o instanceof Map || o instanceof List) {
                    throw new IllegalArgumentException("property " + key
                            + ": an array must hold values of one simple type (add a type hint such as :Double[])");
                }
            }
        }
        Object array = Array.newInstance(type, list.size());
        for (int i = 0; i < list.size(); i++) {
            Array.set(array, i, list.get(i));
        }
        return array;
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : List.of(value);
    }

    private static Class<?> typeOf(String key, String type) {
        switch (type) {
            case "String": return String.class;
            case "Integer": return Integer.class;
            case "int": return int.class;
            case "Long": return Long.class;
            case "long": return long.class;
            case "Double": return Double.class;
            case "double": return double.class;
            case "Float": return Float.class;
            case "float": return float.class;
            case "Boolean": return Boolean.class;
            case "boolean": return boolean.class;
            default: throw new IllegalArgumentException("property " + key + ": unsupported type hint " + type);
        }
    }

    private static Function<Object, Object> scalar(String key, String type) {
        Class<?> c = typeOf(key, type);
        return v -> {
            if (v instanceof Map || v instanceof List) {
                throw new IllegalArgumentException("property " + key + ": expected a single " + type);
            }
            String s = String.valueOf(v);
            try {
                if (c == String.class) {
                    return s;
                } else if (c == Integer.class || c == int.class) {
                    return v instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.valueOf(s.trim());
                } else if (c == Long.class || c == long.class) {
                    return v instanceof Number n ? n.longValue() : Long.valueOf(s.trim());
                } else if (c == Double.class || c == double.class) {
                    return v instanceof Number n ? n.doubleValue() : Double.valueOf(s.trim());
                } else if (c == Float.class || c == float.class) {
                    return v instanceof Number n ? n.floatValue() : Float.valueOf(s.trim());
                }
                if (v instanceof Boolean b) {
                    return b;
                }
                if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("not a boolean");
                }
                return Boolean.valueOf(s);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("property " + key + ": \"" + s + "\" is not a " + type, e);
            }
        };
    }
}
