package dev.faasport.runtime.nativegcp;

import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonBinding;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a legacy event's JSON data to a {@code BackgroundFunction<T>}'s {@code T} the way the Functions Framework
 * does, with {@code new Gson().fromJson(data, T)} (functions-framework-java, invoker/core BackgroundFunctionExecutor,
 * read 2026-12), without Gson itself, which a package carries only when the user's project does: Gson's reflective
 * binding (google/gson UserGuide "Finer Points with Objects", read 2026-12) sets every non-static, non-transient field,
 * private ones too, by its name or its {@code @SerializedName}, ignores unknown JSON properties, leaves missing ones
 * at what the no-argument constructor set; a JSON number read into a {@code String} is its text; numbers and booleans
 * are read from strings too; a {@code java.util.Date} from ISO-8601; an {@code Object} becomes maps, lists, strings,
 * booleans and doubles.
 */
final class GsonFields {

    private static final String SERIALIZED_NAME = "com.google.gson.annotations.SerializedName";

    private GsonFields() {
    }

    /**
     * @throws IllegalArgumentException naming the JSON path and the type when the data does not fit
     */
    static Object read(String json, Type type) {
        return bind(Json.parse(json), type, "$");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object bind(Object v, Type type, String path) {
        Class<?> raw = JsonBinding.rawClass(type);
        if (v == null) return raw.isPrimitive() ? Array.get(Array.newInstance(raw, 1), 0) : null; // the type's zero
        if (raw == Object.class) return untyped(v);
        if (raw == String.class) {
            if (v instanceof Map || v instanceof List) throw mismatch(path, "a string", v);
            return String.valueOf(v);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return v instanceof String s ? Boolean.parseBoolean(s) : JsonBinding.fromJson(v, raw);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            Object n = v instanceof String s ? number(s, path) : v;
            if (raw == BigDecimal.class || raw == BigInteger.class) n = n.toString();
            try {
                return JsonBinding.fromJson(n, raw);
            } catch (RuntimeException e) {
                throw mismatch(path, raw.getSimpleName(), v);
            }
        }
        if (raw == Date.class) {
            if (!(v instanceof String s)) throw mismatch(path, "an ISO-8601 date", v);
            return Date.from(OffsetDateTime.parse(s).toInstant());
        }
        if (raw.isEnum() || raw.getName().startsWith("java.time.")) return JsonBinding.fromJson(v, type);
        if (Map.class.isAssignableFrom(raw)) {
            if (!(v instanceof Map<?, ?> in)) throw mismatch(path, "an object", v);
            Type value = argument(type, 1);
            Map out = new LinkedHashMap<>();
            in.forEach((k, x) -> out.put(k, bind(x, value, path + "." + k)));
            return out;
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            if (!(v instanceof List<?> in)) throw mismatch(path, "an array", v);
            Type element = raw.isArray() ? (type instanceof GenericArrayType g ? g.getGenericComponentType()
                    : raw.getComponentType()) : argument(type, 0);
            Collection out = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            for (int i = 0; i < in.size(); i++) out.add(bind(in.get(i), element, path + "[" + i + "]"));
            if (!raw.isArray()) return out;
            Object array = Array.newInstance(JsonBinding.rawClass(element), out.size());
            int i = 0;
            for (Object o : out) Array.set(array, i++, o);
            return array;
        }
        if (!(v instanceof Map<?, ?> in)) throw mismatch(path, "an object", v);
        return object((Map<String, Object>) in, raw, path);
    }

    private static Object object(Map<String, Object> in, Class<?> raw, String path) {
        Object target;
        try {
            Constructor<?> c = raw.getDeclaredConstructor(); // where Gson would fall back to Unsafe, this needs one
            c.setAccessible(true);
            target = c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(path + ": cannot create " + raw.getName() + " (" + e + "), perhaps you "
                    + "should give it a no-argument constructor, as Gson needs one to bind the event's data");
        }
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) continue;
                java.lang.annotation.Annotation named = NativeHandlers.annotation(f.getDeclaredAnnotations(), SERIALIZED_NAME);
                String name = named != null ? String.valueOf(NativeHandlers.attribute(named, "value")) : f.getName();
                if (!in.containsKey(name)) continue;
                try {
                    f.setAccessible(true);
                    f.set(target, bind(in.get(name), f.getGenericType(), path + "." + name));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    if (e instanceof Mismatch m) throw m;
                    throw new IllegalArgumentException(path + "." + name + ": cannot set " + raw.getName() + "."
                            + f.getName() + " (" + e + ")", e);
                }
            }
        }
        return target;
    }

    /** Gson's ObjectTypeAdapter: objects to maps, arrays to lists, every number a double. */
    private static Object untyped(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof List<?> list) return new ArrayList<>(list.stream().map(GsonFields::untyped).toList());
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(k, untyped(x)));
            return out;
        }
        return v;
    }

    private static BigDecimal number(String s, String path) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw mismatch(path, "a number", s);
        }
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static Mismatch mismatch(String path, String expected, Object found) {
        return new Mismatch(path + ": expected " + expected + ", found " + Json.write(found)
                + ", perhaps you should change the field's type to what the event carries");
    }

    /** Data that does not fit the payload class, with the JSON path. */
    static final class Mismatch extends IllegalArgumentException {
        Mismatch(String message) {
            super(message);
        }
    }
}
