package dev.faasport.lockin;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool (JVMS 4.4) without loading it: class entries
 * (superclass, interfaces, the owners of fields and methods called, classes instantiated or cast to) and the class
 * names inside descriptors and signatures (field and parameter types, generic arguments, annotation types). String
 * constants are left out, so a class name in a message is not a reference.
 */
final class ClassReferences {
    private static final int MAGIC = 0xCAFEBABE;
    /** {@code Lname;} or {@code Lname<} inside a descriptor or signature (JVMS 4.3, 4.7.9.1) */
    private static final Pattern DESCRIPTOR = Pattern.compile("(?<=^|[(\\[;<:)+\\-^*>])L([\\w$]+(?:/[\\w$]+)*)(?=[;<])");

    private ClassReferences() {
    }

    /** The bytes are not a class file this reader understands (not one at all, truncated, an unknown constant). */
    static final class MalformedClassException extends IOException {
        MalformedClassException(String message) {
            super(message);
        }
    }

    /**
     * @return the binary names ({@code com.example.Foo$Bar}) of the classes referred to, the class itself left out
     * @throws MalformedClassException when the bytes are not a class file
     * @throws IOException             when the stream cannot be read
     */
    static Set<String> read(InputStream stream) throws IOException {
        try {
            return parse(new DataInputStream(stream));
        } catch (java.io.EOFException e) {
            throw new MalformedClassException("truncated class file");
        }
    }

    private static Set<String> parse(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new MalformedClassException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count]; // constant-pool index of a class entry to the index of its name
        BitSet notDescriptors = new BitSet(count); // string constants and class names
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> {
                    classNames[i] = in.readUnsignedShort();
                    notDescriptors.set(classNames[i]);
                }
                case 8 -> notDescriptors.set(in.readUnsignedShort());
                case 16, 19, 20 -> in.readUnsignedShort(); // MethodType, Module, Package
                case 15 -> { // MethodHandle
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt(); // numbers, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // long and double take two slots
                    in.readLong();
                    i++;
                }
                default -> throw new MalformedClassException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        String thisName = binary(utf8[classNames[in.readUnsignedShort()]]);
        Set<String> out = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            String name = classNames[i] == 0 ? null : utf8[classNames[i]];
            if (name == null) {
                continue;
            }
            if (name.startsWith("[")) {
                descriptors(name, out);
            } else {
                out.add(binary(name));
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !notDescriptors.get(i) && utf8[i].indexOf(';') > 0) {
                descriptors(utf8[i], out);
            }
        }
        out.remove(thisName);
        return out;
    }

    private static void descriptors(String text, Set<String> out) {
        Matcher m = DESCRIPTOR.matcher(text);
        while (m.find()) {
            out.add(binary(m.group(1)));
        }
    }

    private static String binary(String internal) {
        return internal == null ? null : internal.replace('/', '.');
    }
}
