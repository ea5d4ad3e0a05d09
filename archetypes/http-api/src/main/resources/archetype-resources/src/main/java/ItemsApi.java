package ${package};

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The items REST API as one HTTP function. Paths are below the function's URL:
 * <ul>
 *   <li>{@code GET /} lists the items: {@code {"items":[...]}}</li>
 *   <li>{@code GET /{id}} returns one item, or 404</li>
 *   <li>{@code POST /} with {@code {"name":"tea","quantity":2}} creates one and answers 201 with it</li>
 * </ul>
 * Errors are JSON too: {@code {"error":"..."}}.
 */
public class ItemsApi implements HttpFunction {

    // one store per function instance (see InMemoryItemStore); instances live across requests
    private static final ItemStore SHARED_STORE = new InMemoryItemStore();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_NAME_LENGTH = 100;

    private final ItemStore store;

    /** The constructor the platform calls. */
    public ItemsApi() {
        this(SHARED_STORE);
    }

    /** For tests and for wiring another store. */
    public ItemsApi(ItemStore store) {
        this.store = store;
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        List<String> segments = Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).toList();
        if (segments.size() > 1) {
            return error(404, "No route for " + request.path() + ", perhaps you should call / or /{id}");
        }
        String id = segments.isEmpty() ? null : segments.get(0);
        switch (request.method()) {
            case "GET":
                return id == null ? json(200, Map.of("items", store.list())) : get(id);
            case "POST":
                if (id != null) {
                    return error(405, "POST creates items at /, not at /" + id + ", perhaps you should POST to /")
                            .withHeader("allow", "GET");
                }
                return create(request, context);
            default:
                return error(405, "Method " + request.method() + " is not supported, perhaps you should use "
                        + (id == null ? "GET or POST" : "GET")).withHeader("allow", id == null ? "GET, POST" : "GET");
        }
    }

    private HttpResponse get(String id) throws JsonProcessingException {
        Optional<Item> item = store.get(id);
        return item.isPresent() ? json(200, item.get())
                : error(404, "No item with id '" + id + "', perhaps you should list the items with GET /");
    }

    private HttpResponse create(HttpRequest request, Context context) throws JsonProcessingException {
        NewItem input;
        try {
            input = JSON.readValue(request.body(), NewItem.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return error(400, "The body is not a valid item (" + why
                    + "), perhaps you should send {\"name\":\"tea\",\"quantity\":2}");
        }
        if (input == null || input.name() == null || input.name().isBlank()) {
            return error(400, "Field 'name' is missing or blank, perhaps you should send {\"name\":\"tea\"}");
        }
        int maxLength = maxNameLength(context);
        if (input.name().length() > maxLength) {
            return error(400, "Field 'name' has " + input.name().length() + " characters, more than "
                    + maxLength + ", perhaps you should shorten it");
        }
        int quantity = input.quantity() == null ? 1 : input.quantity();
        if (quantity < 0) {
            return error(400, "Field 'quantity' is " + quantity + ", perhaps you should send 0 or more");
        }
        Item item = store.create(input.name().trim(), quantity);
        context.logger().info("created item " + item.id());
        return json(201, item).withHeader("location", "/" + item.id());
    }

    private static int maxNameLength(Context context) {
        String value = context.environment().get("MAX_NAME_LENGTH");
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_NAME_LENGTH;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable MAX_NAME_LENGTH of function '"
                    + context.functionName() + "' is '" + value + "', perhaps you should set a whole number", e);
        }
    }

    private static HttpResponse json(int status, Object body) throws JsonProcessingException {
        return HttpResponse.json(status, JSON.writeValueAsString(body));
    }

    private static HttpResponse error(int status, String message) {
        try {
            return json(status, Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
