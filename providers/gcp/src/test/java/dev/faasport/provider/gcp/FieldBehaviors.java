package dev.faasport.provider.gcp;

import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * The request rules Google publishes as data: each field's {@code google.api.field_behavior} option, read from the
 * compiled Cloud Functions v2 descriptors in {@code proto-google-cloud-functions-v2} (the jar ships
 * google/cloud/functions/v2/functions.proto). What a behaviour means for a request is AIP-203 "Field behavior
 * documentation" (google.aip.dev/203, read 2026-12): a REQUIRED field that is not set fails the request with
 * INVALID_ARGUMENT; an OUTPUT_ONLY field set by the client is ignored ("the server must ignore" it, not fail);
 * REQUIRED fields of a message apply only where that message is set. No v2 field is IMMUTABLE.
 */
final class FieldBehaviors {
    private FieldBehaviors() {
    }

    /** @return the paths (proto field names, dotted) of REQUIRED fields the message leaves unset */
    static List<String> missingRequired(Message m) {
        List<String> out = new ArrayList<>();
        walkRequired(m, "", out);
        return out;
    }

    private static void walkRequired(Message m, String prefix, List<String> out) {
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            String path = prefix + f.getName();
            if (f.isRepeated()) {
                if (behaviors(f).contains(FieldBehavior.REQUIRED) && m.getRepeatedFieldCount(f) == 0) {
                    out.add(path);
                }
                if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()) {
                    for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
                        walkRequired((Message) m.getRepeatedField(f, i), path + "[" + i + "].", out);
                    }
                }
            } else if (!m.hasField(f)) {
                if (behaviors(f).contains(FieldBehavior.REQUIRED)) {
                    out.add(path);
                }
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                walkRequired((Message) m.getField(f), path + ".", out);
            }
        }
    }

    /** @return the message without the OUTPUT_ONLY fields a client set (at any depth), as the API ignores them */
    @SuppressWarnings("unchecked")
    static <T extends Message> T withoutOutputOnly(T m) {
        Message.Builder b = m.toBuilder();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (behaviors(f).contains(FieldBehavior.OUTPUT_ONLY)) {
                b.clearField(f);
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated() && m.hasField(f)) {
                b.setField(f, withoutOutputOnly((Message) m.getField(f)));
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && f.isRepeated() && !f.isMapField()) {
                b.clearField(f);
                for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
                    b.addRepeatedField(f, withoutOutputOnly((Message) m.getRepeatedField(f, i)));
                }
            }
        }
        return (T) b.build();
    }

    /** @return the paths of OUTPUT_ONLY fields set in the message, at any depth */
    static List<String> outputOnlySet(Message m) {
        List<String> out = new ArrayList<>();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            boolean set = f.isRepeated() ? m.getRepeatedFieldCount(f) > 0 : m.hasField(f);
            if (set && behaviors(f).contains(FieldBehavior.OUTPUT_ONLY)) {
                out.add(f.getName());
            } else if (set && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()) {
                outputOnlySet((Message) m.getField(f)).forEach(p -> out.add(f.getName() + "." + p));
            }
        }
        return out;
    }

    static List<FieldBehavior> behaviors(FieldDescriptor f) {
        return f.getOptions().getExtension(FieldBehaviorProto.fieldBehavior);
    }
}
