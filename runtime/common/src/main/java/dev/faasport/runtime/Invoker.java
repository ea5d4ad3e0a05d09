package dev.faasport.runtime;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonBinding;
import dev.faasport.runtime.json.JsonException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Calls one function's user code with neutral values; the part of every adapter that is not about its platform.
 * <ul>
 *   <li>{@link #http}: any shape over HTTP. HTTP functions get the request; TYPED functions get the body bound to
 *   their input type and answer 200 {@code application/json} (a body that does not bind answers 400); event
 *   functions get the body as neutral event JSON ({@link NeutralEvents}) and answer 200. A failure answers 500 with
 *   {@code {"error": "...", "function": "..."}} (plus {@value #FAILED_MESSAGES} for a
 *   {@link dev.faasport.api.PartialBatchFailure}); it never throws.</li>
 *   <li>{@link #event}: a neutral event; failures are rethrown so the platform retries. A TYPED function gets the
 *   event converted through JSON to its input type: the event itself when the input type is {@code StorageEvent},
 *   {@code ScheduleEvent} or {@code List<QueueMessage>}; else the event's JSON form (see {@link NeutralEvents}:
 *   the storage {@code event} object, the {@code messages} array, or the schedule fields); for a queue batch and an
 *   input type that is not a collection, the function is called once per message with the message body (JSON)
 *   bound to its input type.</li>
 *   <li>{@link #direct}: a direct invocation with a JSON payload: input JSON for TYPED functions, neutral event JSON
 *   for event functions (and for TYPED functions whose trigger is that event's kind).</li>
 * </ul>
 */
public final class Invoker {

    /**
     * The key of an error body from {@link #http} that lists the ids of the queue messages that failed when the
     * function threw a {@link dev.faasport.api.PartialBatchFailure}: the other messages of the batch were handled.
     */
    public static final String FAILED_MESSAGES = "failedMessages";

    private final FunctionEntry entry;
    private volatile Type inputType;

    /** @param entry the function to call */
    public Invoker(FunctionEntry entry) {
        this.entry = entry;
    }

    /** @return the function this invoker calls */
    public FunctionEntry entry() {
        return entry;
    }

    /**
     * Handles an HTTP request with whatever shape the function has. Never throws: failures become 4xx/5xx responses
     * with a JSON error body, and are logged to the context's logger.
     */
    public HttpResponse http(HttpRequest request, Context context) {
        try {
            Object handler = entry.instance();
            Shape shape = entry.shape();
            if (shape == Shape.HTTP) {
                HttpResponse response = ((HttpFunction) handler).handle(request, context);
                if (response == null) {
                    throw new IllegalStateException(entry.handler() + " returned no HttpResponse, perhaps you should "
                            + "return HttpResponse.ok(...) or new HttpResponse(204, null, null)");
                }
                return response;
            }
            byte[] out = direct(request.body(), context);
            if (shape == Shape.TYPED) {
                return new HttpResponse(200, Map.of("content-type", "application/json"), out);
            }
            return HttpResponse.json(200, handled(entry.name()));
        } catch (BadInputException e) {
            context.logger().error("function '" + entry.name() + "' rejected its input: " + e.getMessage(), null);
            return error(400, e.getMessage(), entry.name());
        } catch (dev.faasport.api.PartialBatchFailure e) {
            context.logger().error("function '" + entry.name() + "' failed", e);
            HttpResponse r = error(500, describe(e), entry.name());
            Map<String, Object> body = Json.parseObject(r.bodyAsString());
            body.put(FAILED_MESSAGES, e.failedMessageIds()); // the rest of the batch was handled
            return HttpResponse.json(500, Json.write(body));
        } catch (Exception | StackOverflowError | LinkageError e) {
            context.logger().error("function '" + entry.name() + "' failed", e);
            return error(500, describe(e), entry.name());
        }
    }

    /**
     * Delivers a neutral event to the function.
     *
     * @return for a TYPED function its output as JSON, else null
     * @throws Exception whatever the user code threw, so the platform retries; {@link IllegalArgumentException}
     *                   when the function cannot take this kind of event; {@link JsonException} when a TYPED
     *                   function's input does not bind
     */
    public byte[] event(NeutralEvent event, Context context) throws Exception {
        Object handler = entry.instance();
        Shape shape = entry.shape();
        try {
            if (shape == Shape.STORAGE && event instanceof NeutralEvent.Storage s) {
                ((StorageFunction) handler).handle(s.event(), context);
            } else if (shape == Shape.QUEUE && event instanceof NeutralEvent.Queue q) {
                ((QueueFunction) handler).handle(queueName(q), q.messages(), context);
            } else if (shape == Shape.SCHEDULE && event instanceof NeutralEvent.Schedule s) {
                ((ScheduleFunction) handler).handle(withExpression(s.event()), context);
            } else if (shape == Shape.TYPED) {
                List<Object> outputs = new ArrayList<>();
                for (Object input : typedInputs(event)) outputs.add(apply(handler, input, context));
                return outputs.size() == 1 ? toJson(outputs.get(0)) : toJson(outputs);
            } else {
                throw new IllegalArgumentException("function '" + entry.name() + "' is a " + shape + " function and "
                        + "cannot take a " + event.kind() + " event, perhaps you should give it a trigger of kind "
                        + (shape == Shape.HTTP ? "http" : shape.name().toLowerCase(java.util.Locale.ROOT)));
            }
            return null;
        } catch (Exception | Error e) {
            context.logger().error("function '" + entry.name() + "' failed on a " + event.kind() + " event", e);
            throw e;
        }
    }

    /**
     * Invokes the function with a JSON payload: input JSON for TYPED functions, neutral event JSON for event
     * functions.
     *
     * @return for a TYPED function its output as JSON, else null
     * @throws JsonException when the payload does not parse or bind (nothing was called)
     * @throws Exception     whatever the user code threw
     */
    public byte[] direct(byte[] payload, Context context) throws Exception {
        Shape shape = entry.shape();
        if (shape == Shape.HTTP) {
            throw new IllegalArgumentException("function '" + entry.name() + "' is an HTTP function, perhaps you "
                    + "should invoke it with an HTTP request");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        Object tree;
        try {
            tree = text.isBlank() ? null : Json.parse(text);
        } catch (JsonException e) {
            if (shape == Shape.TYPED && isText(inputType())) {
                return toJson(apply(entry.instance(), text, context)); // plain text for a Function<String, ?>
            }
            throw new BadInputException("function '" + entry.name() + "' needs JSON input: " + e.getMessage(), e);
        }
        if (shape == Shape.TYPED) {
            if (!entry.triggerKind().equals("http") && NeutralEvents.isNeutral(tree)
                    && entry.triggerKind().equals(((Map<?, ?>) tree).get("kind"))) {
                return event(neutral(tree), context);
            }
            if (isText(inputType()) && !(tree instanceof String)) {
                return toJson(apply(entry.instance(), text, context)); // any non-string payload is the text itself
            }
            return toJson(apply(entry.instance(), bindInput(tree, inputType(), ""), context));
        }
        event(neutral(tree), context);
        return null;
    }

    /** @return the JSON an event function answers when it handled an event: {@code {"function": f, "status": "handled"}} */
    public static String handled(String function) {
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("function", function);
        ok.put("status", "handled");
        return Json.write(ok);
    }

    /** @return a JSON error response {@code {"error": message, "function": function}} */
    public static HttpResponse error(int status, String message, String function) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("function", function);
        return HttpResponse.json(status, Json.write(body));
    }

    /** @return a one-line description of a failure: the exception's simple class name and message */
    public static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @SuppressWarnings("unchecked")
    private NeutralEvent neutral(Object tree) {
        if (!(tree instanceof Map<?, ?> m) || !m.containsKey("kind")) {
            String found = tree instanceof Map<?, ?> m ? "an object with keys " + m.keySet() : Json.write(tree);
            throw new BadInputException("function '" + entry.name() + "' is a " + entry.shape() + " function and needs "
                    + "neutral event JSON, found " + (found.length() > 80 ? found.substring(0, 80) + "..." : found)
                    + ", perhaps you should send {\"kind\":\"" + entry.triggerKind() + "\", ...}", null);
        }
        try {
            return NeutralEvents.fromTree((Map<String, Object>) tree);
        } catch (JsonException e) {
            throw new BadInputException("function '" + entry.name() + "': " + e.getMessage(), e);
        }
    }

    private List<Object> typedInputs(NeutralEvent event) {
        Type type = inputType();
        Class<?> raw = JsonBinding.rawClass(type);
        if (event instanceof NeutralEvent.Storage s) {
            return List.of(raw == StorageEvent.class ? s.event() : bindInput(NeutralEvents.storageTree(s.event()), type, ""));
        }
        if (event instanceof NeutralEvent.Schedule s) {
            ScheduleEvent e = withExpression(s.event());
            return List.of(raw == ScheduleEvent.class ? e : bindInput(NeutralEvents.scheduleTree(e), type, ""));
        }
        NeutralEvent.Queue q = (NeutralEvent.Queue) event;
        if (type instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw)
                && p.getActualTypeArguments()[0] == QueueMessage.class) {
            return List.of(new ArrayList<>(q.messages()));
        }
        if (raw == Object.class || raw.isArray() || Iterable.class.isAssignableFrom(raw)) {
            return List.of(bindInput(NeutralEvents.messagesTree(q.messages()), type, ""));
        }
        List<Object> inputs = new ArrayList<>();
        for (QueueMessage m : q.messages()) {
            String body = m.bodyAsString();
            Object tree;
            try {
                tree = Json.parse(body);
            } catch (JsonException e) {
                if (!isText(type)) {
                    throw new BadInputException("function '" + entry.name() + "': message " + m.id()
                            + " is not JSON (" + e.getMessage() + "), perhaps you should send JSON for "
                            + type.getTypeName(), e);
                }
                tree = body;
            }
            inputs.add(bindInput(tree, type, " (message " + m.id() + ")"));
        }
        return inputs;
    }

    private Object bindInput(Object tree, Type type, String where) {
        try {
            return JsonBinding.fromJson(tree, type);
        } catch (JsonException e) {
            throw new BadInputException("function '" + entry.name() + "' cannot bind its input" + where + " to "
                    + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object apply(Object handler, Object input, Context context) {
        if (handler instanceof NativeAdapter.TypedFunction typed) return typed.apply(input, context);
        return ((Function<Object, Object>) handler).apply(input);
    }

    private byte[] toJson(Object output) {
        return JsonBinding.write(output).getBytes(StandardCharsets.UTF_8);
    }

    private Type inputType() {
        Type t = inputType;
        if (t == null) {
            t = entry.inputType();
            inputType = t;
        }
        return t;
    }

    private static boolean isText(Type t) {
        return t == String.class || t == CharSequence.class;
    }

    private String queueName(NeutralEvent.Queue q) {
        return q.queue() != null ? q.queue() : entry.triggerSetting("queue");
    }

    private ScheduleEvent withExpression(ScheduleEvent e) {
        return e.expression() != null ? e
                : new ScheduleEvent(entry.triggerSetting("expression"), e.scheduledTime(), e.manual());
    }

    /** The input did not parse or bind: the caller's fault (HTTP 400), and no user code ran. */
    static final class BadInputException extends JsonException {
        BadInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
