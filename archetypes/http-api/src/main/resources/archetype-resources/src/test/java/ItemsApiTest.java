package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemsApiTest {

    private final ItemsApi api = new ItemsApi(new InMemoryItemStore());
    private final TestContext context = new TestContext(Map.of("MAX_NAME_LENGTH", "10"));

    private HttpResponse call(String method, String path, String body) throws Exception {
        return api.handle(new HttpRequest(method, path, Map.of(), Map.of("content-type", java.util.List.of("application/json")),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)), context);
    }

    @Test
    void createsThenGetsAnItem() throws Exception {
        HttpResponse created = call("POST", "/", "{\"name\":\"tea\",\"quantity\":2}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("content-type", "application/json").containsEntry("location", "/1");
        assertThat(created.bodyAsString()).isEqualTo("{\"id\":\"1\",\"name\":\"tea\",\"quantity\":2}");
        assertThat(context.lines).containsExactly("created item 1");

        HttpResponse got = call("GET", "/1", null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bodyAsString()).isEqualTo(created.bodyAsString());
    }

    @Test
    void listsItemsInCreationOrder() throws Exception {
        assertThat(call("GET", "/", null).bodyAsString()).isEqualTo("{\"items\":[]}");
        call("POST", "/", "{\"name\":\"tea\"}");
        call("POST", "/", "{\"name\":\" coffee \",\"quantity\":0}");
        HttpResponse list = call("GET", "/", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.bodyAsString()).isEqualTo("{\"items\":[{\"id\":\"1\",\"name\":\"tea\",\"quantity\":1},"
                + "{\"id\":\"2\",\"name\":\"coffee\",\"quantity\":0}]}");
    }

    @Test
    void unknownItemIs404() throws Exception {
        HttpResponse response = call("GET", "/42", null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.bodyAsString()).contains("No item with id '42'");
    }

    @Test
    void invalidBodiesAre400WithTheFieldNamed() throws Exception {
        assertThat(call("POST", "/", "not json").status()).isEqualTo(400);
        HttpResponse unknownField = call("POST", "/", "{\"title\":\"tea\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.bodyAsString()).contains("title");
        assertThat(call("POST", "/", "{\"name\":\"  \"}").bodyAsString()).contains("'name' is missing or blank");
        assertThat(call("POST", "/", "{\"name\":\"far too long a name\"}").bodyAsString())
                .contains("more than 10");
        assertThat(call("POST", "/", "{\"name\":\"tea\",\"quantity\":-1}").bodyAsString()).contains("'quantity' is -1");
        assertThat(call("GET", "/", null).bodyAsString()).isEqualTo("{\"items\":[]}");
    }

    @Test
    void otherMethodsAndPathsAreRefused() throws Exception {
        HttpResponse delete = call("DELETE", "/1", null);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.headers()).containsEntry("allow", "GET");
        assertThat(call("POST", "/7", "{\"name\":\"tea\"}").status()).isEqualTo(405);
        assertThat(call("GET", "/items/1/extra", null).status()).isEqualTo(404);
    }

    @Test
    void aBadMaxNameLengthNamesTheVariable() {
        TestContext bad = new TestContext(Map.of("MAX_NAME_LENGTH", "lots"));
        assertThatThrownBy(() -> api.handle(new HttpRequest("POST", "/", null, null,
                "{\"name\":\"tea\"}".getBytes(StandardCharsets.UTF_8)), bad))
                .hasMessageContaining("MAX_NAME_LENGTH").hasMessageContaining("${functionName}");
    }
}
