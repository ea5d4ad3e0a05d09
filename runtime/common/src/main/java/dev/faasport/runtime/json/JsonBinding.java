package dev.faasport.runtime.json;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Converts between the {@link Json} tree (Map / List / String / Number / Boolean / null) and Java types: records,
 * JavaBeans (public no-arg constructor plus setters or public fields), {@code List}/{@code Set}/{@code Collection},
 * {@code Map<K,V>} (String, enum or number keys), arrays, primitives and their boxes, String, enums,
 * {@link BigDecimal}/{@link BigInteger}, {@link Instant} and the other {@code java.time} values (ISO-8601 strings),
 * {@link UUID}, {@code byte[]} (Base64) and {@link Optional}. Generic types are resolved, so {@code Page<Item>}
 * binds its {@code List<T> items} as items. Unknown JSON properties are ignored; a missing property leaves null,
 * {@code Optional.empty()}, or a primitive's zero. A mismatch throws {@link JsonException} naming the path
 * ({@code $.items[2].price}) and what was expected.
 */
public final class JsonBinding {

    private static final int MAX_DEPTH = 512;

    private static final Map<Class<?>, Function<String, Object>> TEXT_TYPES = Map.of(
            Instant.class, JsonBinding::instant,
            LocalDate.class, LocalDate::parse,
            LocalDateTime.class, LocalDateTime::parse,
            LocalTime.class, LocalTime::parse,
            OffsetDateTime.class, OffsetDateTime::parse,
            ZonedDateTime.class, ZonedDateTime::parse,
            Duration.class, Duration::parse,
            UUID.class, UUID::fromString,
            java.net.URI.class, java.net.URI::create);

    private static final ClassValue<Properties> PROPERTIES = new ClassValue<>() {
        @Override
        protected Properties computeValue(Class<?> type) {
            return Properties.of(type);
        }
    };

    private JsonBinding() {
    }

    /** Parses JSON text and binds it to {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T> T read(String json, Class<T> type) {
        return (T) bind(Json.parse(json), type, "$", 0);
    }

    /** Parses JSON text and binds it to a possibly generic {@code type}. */
    public static Object read(String json, Type type) {
        return fromJson(Json.parse(json), type);
    }

    /** Parses UTF-8 JSON bytes and binds them to {@code type}; empty input binds as null. */
    public static Object read(byte[] json, Type type) {
        String text = new String(json, StandardCharsets.UTF_8);
        return fromJson(text.isBlank() ? null : Json.parse(text), type);
    }

    /** Converts a value to JSON text. */
    public static String write(Object value) {
        return Json.write(toJson(value));
    }

    /** Binds a JSON tree to a class. */
    @SuppressWarnings("unchecked")
    public static <T> T fromJson(Object tree, Class<T> type) {
        return (T) bind(tree, type, "$", 0);
    }

    /**
     * Binds a JSON tree to a possibly generic type.
     *
     * @throws JsonException naming the path of the first value that does not fit
     */
    public static Object fromJson(Object tree, Type type) {
        return bind(tree, type, "$", 0);
    }

    /** Converts a Java value to a JSON tree that {@link Json#write} accepts. */
    public static Object toJson(Object value) {
        return tree(value, "$", 0);
    }

    /**
     * Resolves a type argument of a generic supertype as seen from an implementing class, through superclasses and
     * superinterfaces: {@code typeArgument(MyHandler.class, Function.class, 0)} is the input type of a
     * {@code Function<I,O>}.
     *
     * @return the resolved type, or {@code Object.class} when the class leaves it unresolved (raw or a type variable)
     */
    public static Type typeArgument(Class<?> type, Class<?> generic, int index) {
        Type found = findSupertype(type, generic);
        if (found instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            return arg instanceof Class<?> || arg instanceof ParameterizedType || arg instanceof GenericArrayType
                    ? arg : Object.class;
        }
        return Object.class;
    }

    /** @return a parameterized type, such as {@code parameterized(List.class, QueueMessage.class)} */
    public static ParameterizedType parameterized(Class<?> raw, Type... args) {
        return new Parameterized(raw, args.clone(), null);
    }

    /** @return the class a type erases to */
    public static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        if (type instanceof GenericArrayType g) return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        if (type instanceof WildcardType w) return rawClass(w.getUpperBounds()[0]);
        if (type instanceof TypeVariable<?> v) return rawClass(v.getBounds()[0]);
        return Object.class;
    }

    // ---------------------------------------------------------------- JSON -> Java

    private static Object bind(Object v, Type type, String path, int depth) {
        if (depth > MAX_DEPTH) throw new JsonException(path + ": nesting deeper than " + MAX_DEPTH);
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) type = rawClass(type);
        Class<?> raw = rawClass(type);
        if (raw == Optional.class) {
            return Optional.ofNullable(v == null ? null : bind(v, arg(type, 0), path, depth + 1));
        }
        if (v == null) {
            if (raw.isPrimitive()) throw mismatch(path, "a " + raw.getName(), null);
            return null;
        }
        if (raw == Object.class) return v;
        if (raw == String.class || raw == CharSequence.class) {
            if (v instanceof String) return v;
            throw mismatch(path, "a string", v);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (v instanceof Boolean) return v;
            throw mismatch(path, "true or false", v);
        }
        if (raw == char.class || raw == Character.class) {
            if (v instanceof String s && s.length() == 1) return s.charAt(0);
            throw mismatch(path, "a one-character string", v);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) return number(v, raw, path);
        if (raw.isEnum()) return enumValue(v, raw, path);
        if (raw == byte[].class) {
            if (!(v instanceof String s)) throw mismatch(path, "a Base64 string", v);
            try {
                return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
            } catch (IllegalArgumentException e) {
                throw new JsonException(path + ": expected Base64 text for byte[], " + e.getMessage());
            }
        }
        Function<String, Object> text = TEXT_TYPES.get(raw);
        if (text != null) {
            if (raw == Instant.class && v instanceof Number n) return Instant.ofEpochMilli(n.longValue());
            if (!(v instanceof String s)) throw mismatch(path, "an ISO-8601 / text value for " + raw.getSimpleName(), v);
            try {
                return text.apply(s);
            } catch (RuntimeException e) {
                throw new JsonException(path + ": \"" + s + "\" is not a valid " + raw.getSimpleName()
                        + ", perhaps you should send ISO-8601 text such as 2026-11-27T10:15:30Z (" + e.getMessage() + ")");
            }
        }
        if (raw.isArray()) {
            List<?> list = list(v, path);
            Type component = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            Object array = Array.newInstance(rawClass(component), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, bind(list.get(i), component, path + "[" + i + "]", depth + 1));
            }
            return array;
        }
        if (Collection.class.isAssignableFrom(raw) || raw == Iterable.class) {
            List<?> list = list(v, path);
            Collection<Object> out = newCollection(raw, path);
            Type element = arg(type, 0);
            for (int i = 0; i < list.size(); i++) {
                out.add(bind(list.get(i), element, path + "[" + i + "]", depth + 1));
            }
            return out;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Map<String, Object> in = object(v, path, raw);
            Map<Object, Object> out = newMap(raw, path);
            Type keyType = arg(type, 0);
            Type valueType = arg(type, 1);
            for (Map.Entry<String, Object> e : in.entrySet()) {
                String p = path + "." + e.getKey();
                out.put(key(e.getKey(), keyType, p), bind(e.getValue(), valueType, p, depth + 1));
            }
            return out;
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw new JsonException(path + ": cannot create " + type.getTypeName() + " (abstract), perhaps you should "
                    + "use a record or a concrete class");
        }
        Map<String, Object> in = object(v, path, raw);
        Map<TypeVariable<?>, Type> env = env(type);
        return raw.isRecord() ? record(in, raw, env, path, depth) : bean(in, raw, env, path, depth);
    }

    private static Object record(Map<String, Object> in, Class<?> raw, Map<TypeVariable<?>, Type> env, String path,
                                 int depth) {
        Properties props = PROPERTIES.get(raw);
        RecordComponent[] components = props.components;
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Type t = substitute(c.getGenericType(), env);
            String p = path + "." + c.getName();
            args[i] = in.containsKey(c.getName()) ? bind(in.get(c.getName()), t, p, depth + 1) : missing(t);
        }
        try {
            return props.constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new JsonException(path + ": " + raw.getName() + " rejected the value: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new JsonException(path + ": cannot create " + raw.getName() + ": " + e, e);
        }
    }

    private static Object bean(Map<String, Object> in, Class<?> raw, Map<TypeVariable<?>, Type> env, String path,
                               int depth) {
        Properties props = PROPERTIES.get(raw);
        if (props.constructor == null) {
            throw new JsonException(path + ": cannot bind JSON to " + raw.getName() + ", perhaps you should make it a "
                    + "record or give it a public no-argument constructor and setters");
        }
        Object bean;
        try {
            bean = props.constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new JsonException(path + ": constructor of " + raw.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new JsonException(path + ": cannot create " + raw.getName() + ": " + e, e);
        }
        for (Map.Entry<String, Object> e : in.entrySet()) {
            Writer w = props.writers.get(e.getKey());
            if (w == null) continue;
            String p = path + "." + e.getKey();
            Object value = bind(e.getValue(), substitute(w.type, env), p, depth + 1);
            try {
                w.set(bean, value);
            } catch (InvocationTargetException ex) {
                throw new JsonException(p + ": setter rejected the value: " + ex.getCause(), ex.getCause());
            } catch (ReflectiveOperationException ex) {
                throw new JsonException(p + ": cannot set: " + ex, ex);
            }
        }
        return bean;
    }

    private static Object missing(Type t) {
        Class<?> raw = rawClass(t);
        if (raw == Optional.class) return Optional.empty();
        if (!raw.isPrimitive()) return null;
        if (raw == boolean.class) return false;
        if (raw == char.class) return '\0';
        return number(0L, raw, "$");
    }

    private static Object number(Object v, Class<?> raw, String path) {
        if (!(v instanceof Number n)) {
            // large numbers are often sent as strings (JavaScript precision): accept them for the exact types
            if (v instanceof String s && (raw == BigDecimal.class || raw == BigInteger.class)) {
                try {
                    return raw == BigDecimal.class ? new BigDecimal(s) : new BigInteger(s);
                } catch (NumberFormatException e) {
                    throw mismatch(path, "a number", v);
                }
            }
            throw mismatch(path, "a number", v);
        }
        if (raw == Number.class) return n;
        if (raw == double.class || raw == Double.class) return n.doubleValue();
        if (raw == float.class || raw == Float.class) return n.floatValue();
        BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        if (raw == BigDecimal.class) return d;
        try {
            if (raw == BigInteger.class) return d.toBigIntegerExact();
            long l = d.longValueExact();
            if (raw == long.class || raw == Long.class) return l;
            if (raw == int.class || raw == Integer.class) return Math.toIntExact(l);
            if ((raw == short.class || raw == Short.class) && l == (short) l) return (short) l;
            if ((raw == byte.class || raw == Byte.class) && l == (byte) l) return (byte) l;
        } catch (ArithmeticException e) {
            // falls through to the error below
        }
        if (raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class || raw == int.class
                || raw == Integer.class || raw == long.class || raw == Long.class || raw == BigInteger.class) {
            throw new JsonException(path + ": " + n + " does not fit " + raw.getSimpleName() + " (a whole number in range)");
        }
        throw new JsonException(path + ": cannot bind a number to " + raw.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Object v, Class<?> raw, String path) {
        if (v instanceof String s) {
            for (Object c : raw.getEnumConstants()) {
                if (((Enum) c).name().equals(s)) return c;
            }
            for (Object c : raw.getEnumConstants()) {
                if (((Enum) c).name().equalsIgnoreCase(s)) return c;
            }
        }
        throw mismatch(path, "one of " + Arrays.toString(raw.getEnumConstants()), v);
    }

    private static Object key(String k, Type keyType, String path) {
        Class<?> raw = rawClass(keyType);
        if (raw == String.class || raw == Object.class || raw == CharSequence.class) return k;
        if (raw.isEnum()) return enumValue(k, raw, path);
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            try {
                return number(new BigDecimal(k), raw, path);
            } catch (NumberFormatException e) {
                throw new JsonException(path + ": key \"" + k + "\" is not a number");
            }
        }
        return bind(k, keyType, path, 0);
    }

    private static Collection<Object> newCollection(Class<?> raw, String path) {
        if (raw.isAssignableFrom(ArrayList.class)) return new ArrayList<>();
        if (raw.isAssignableFrom(LinkedHashSet.class)) return new LinkedHashSet<>();
        if (raw.isAssignableFrom(TreeSet.class)) return new TreeSet<>();
        return instantiate(raw, path);
    }

    private static Map<Object, Object> newMap(Class<?> raw, String path) {
        if (raw.isAssignableFrom(LinkedHashMap.class)) return new LinkedHashMap<>();
        if (raw.isAssignableFrom(TreeMap.class)) return new TreeMap<>();
        return instantiate(raw, path);
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(Class<?> raw, String path) {
        try {
            return (T) raw.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new JsonException(path + ": cannot create " + raw.getName() + ", perhaps you should declare the "
                    + "field as List, Set or Map");
        }
    }

    private static List<?> list(Object v, String path) {
        if (v instanceof List<?> l) return l;
        throw mismatch(path, "an array", v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String path, Class<?> target) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw mismatch(path, "an object (for " + target.getSimpleName() + ")", v);
    }

    private static JsonException mismatch(String path, String expected, Object found) {
        String shown = found instanceof String s ? "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\""
                : found instanceof Map || found instanceof List ? "" : String.valueOf(found);
        return new JsonException(path + ": expected " + expected + ", found " + Json.typeName(found)
                + (shown.isEmpty() || found == null ? "" : " " + shown));
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    // ---------------------------------------------------------------- Java -> JSON

    private static Object tree(Object v, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonException(path + ": nesting deeper than " + MAX_DEPTH + ", perhaps the object graph has a cycle");
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw new JsonException(path + ": JSON has no representation for " + d);
            return d;
        }
        if (v instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) throw new JsonException(path + ": JSON has no representation for " + f);
            return new BigDecimal(f.toString()); // keeps 1.1f as 1.1, not 1.100000023841858
        }
        if (v instanceof Number n) return new BigDecimal(n.toString());
        if (v instanceof Character || v instanceof CharSequence) return v.toString();
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof byte[] b) return Base64.getEncoder().encodeToString(b);
        if (v instanceof Optional<?> o) return o.isPresent() ? tree(o.get(), path, depth + 1) : null;
        Class<?> type = v.getClass();
        if (TEXT_TYPES.containsKey(type) || type.getName().startsWith("java.time.")) return v.toString();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = e.getKey() instanceof Enum<?> en ? en.name() : String.valueOf(e.getKey());
                out.put(k, tree(e.getValue(), path + "." + k, depth + 1));
            }
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            Iterator<?> i = it.iterator();
            while (i.hasNext()) out.add(tree(i.next(), path + "[" + out.size() + "]", depth + 1));
            return out;
        }
        if (type.isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(tree(Array.get(v, i), path + "[" + i + "]", depth + 1));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Method> e : PROPERTIES.get(type).readers.entrySet()) {
            Object value;
            try {
                value = e.getValue().invoke(v);
            } catch (InvocationTargetException ex) {
                throw new JsonException(path + "." + e.getKey() + ": getter failed: " + ex.getCause(), ex.getCause());
            } catch (ReflectiveOperationException ex) {
                throw new JsonException(path + "." + e.getKey() + ": cannot read: " + ex, ex);
            }
            out.put(e.getKey(), tree(value, path + "." + e.getKey(), depth + 1));
        }
        for (Map.Entry<String, Field> e : PROPERTIES.get(type).fields.entrySet()) {
            try {
                out.putIfAbsent(e.getKey(), tree(e.getValue().get(v), path + "." + e.getKey(), depth + 1));
            } catch (IllegalAccessException ex) {
                throw new JsonException(path + "." + e.getKey() + ": cannot read: " + ex, ex);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- generic types

    private static Type arg(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Map<TypeVariable<?>, Type> env(Type type) {
        if (!(type instanceof ParameterizedType p)) return Map.of();
        Map<TypeVariable<?>, Type> env = new HashMap<>();
        TypeVariable<?>[] vars = rawClass(p).getTypeParameters();
        Type[] args = p.getActualTypeArguments();
        for (int i = 0; i < vars.length && i < args.length; i++) env.put(vars[i], args[i]);
        return env;
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> env) {
        if (env.isEmpty()) return t;
        if (t instanceof TypeVariable<?> v) return env.getOrDefault(v, v);
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) args[i] = substitute(args[i], env);
            return new Parameterized((Class<?>) p.getRawType(), args, p.getOwnerType());
        }
        if (t instanceof GenericArrayType g) {
            Type c = substitute(g.getGenericComponentType(), env);
            return c instanceof Class<?> cc ? Array.newInstance(cc, 0).getClass() : new GenericArray(c);
        }
        if (t instanceof WildcardType w) return substitute(w.getUpperBounds()[0], env);
        return t;
    }

    private static Type findSupertype(Type type, Class<?> target) {
        Class<?> raw = rawClass(type);
        if (raw == target) return type;
        Map<TypeVariable<?>, Type> env = env(type);
        List<Type> supers = new ArrayList<>(Arrays.asList(raw.getGenericInterfaces()));
        if (raw.getGenericSuperclass() != null) supers.add(raw.getGenericSuperclass());
        for (Type s : supers) {
            Type found = findSupertype(substitute(s, env), target);
            if (found != null) return found;
        }
        return null;
    }

    /** A parameterized type built at run time, for resolved generics. */
    private record Parameterized(Class<?> getRawType, Type[] getActualTypeArguments, Type getOwnerType)
            implements ParameterizedType {
        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && getRawType.equals(p.getRawType())
                    && Arrays.equals(getActualTypeArguments, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return getRawType.hashCode() ^ Arrays.hashCode(getActualTypeArguments);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(getRawType.getName()).append('<');
            for (int i = 0; i < getActualTypeArguments.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(getActualTypeArguments[i].getTypeName());
            }
            return sb.append('>').toString();
        }
    }

    /** An array of a parameterized component type. */
    private record GenericArray(Type getGenericComponentType) implements GenericArrayType {
        @Override
        public String toString() {
            return getGenericComponentType.getTypeName() + "[]";
        }
    }

    /** A setter or a public field. */
    private record Writer(Type type, Method setter, Field field) {
        void set(Object bean, Object value) throws ReflectiveOperationException {
            if (setter != null) setter.invoke(bean, value);
            else field.set(bean, value);
        }
    }

    /** How to create, read and write one class, computed once per class. */
    private static final class Properties {
        Constructor<?> constructor;
        RecordComponent[] components;
        final Map<String, Writer> writers = new HashMap<>();
        final Map<String, Method> readers = new LinkedHashMap<>();
        final Map<String, Field> fields = new LinkedHashMap<>();

        static Properties of(Class<?> type) {
            Properties p = new Properties();
            if (type.isRecord()) {
                RecordComponent[] rc = type.getRecordComponents();
                p.components = rc;
                Class<?>[] types = new Class<?>[rc.length];
                for (int i = 0; i < rc.length; i++) {
                    types[i] = rc[i].getType();
                    Method accessor = rc[i].getAccessor();
                    accessor.trySetAccessible(); // records nested in non-public classes
                    p.readers.put(rc[i].getName(), accessor);
                }
                try {
                    p.constructor = type.getDeclaredConstructor(types);
                    p.constructor.trySetAccessible();
                } catch (NoSuchMethodException e) {
                    throw new JsonException("record " + type.getName() + " has no canonical constructor");
                }
                return p;
            }
            try {
                p.constructor = type.getDeclaredConstructor();
                p.constructor.trySetAccessible();
            } catch (NoSuchMethodException | SecurityException e) {
                p.constructor = null;
            }
            TreeMap<String, Method> getters = new TreeMap<>();
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) continue;
                String n = m.getName();
                if (m.getParameterCount() == 1 && n.length() > 3 && n.startsWith("set")) {
                    m.trySetAccessible();
                    p.writers.put(decapitalize(n.substring(3)), new Writer(m.getGenericParameterTypes()[0], m, null));
                } else if (m.getParameterCount() == 0 && m.getReturnType() != void.class) {
                    String prop = n.length() > 3 && n.startsWith("get") ? n.substring(3)
                            : n.length() > 2 && n.startsWith("is") && m.getReturnType() == boolean.class ? n.substring(2) : null;
                    if (prop != null) {
                        m.trySetAccessible();
                        getters.put(decapitalize(prop), m);
                    }
                }
            }
            List<Field> declared = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                declared.addAll(0, Arrays.asList(c.getDeclaredFields()));
            }
            Set<String> order = new LinkedHashSet<>();
            for (Field f : declared) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) continue;
                order.add(f.getName());
                if (Modifier.isPublic(mod) && f.trySetAccessible()) {
                    p.fields.put(f.getName(), f);
                    if (!Modifier.isFinal(mod)) p.writers.putIfAbsent(f.getName(), new Writer(f.getGenericType(), null, f));
                }
            }
            for (String name : order) {
                Method g = getters.remove(name);
                if (g != null) p.readers.put(name, g);
            }
            p.readers.putAll(getters);
            return p;
        }

        private static String decapitalize(String s) {
            if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isUpperCase(s.charAt(1))) return s;
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
    }
}
