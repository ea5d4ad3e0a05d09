package bench;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

/** The hello function deployed to the local provider. */
public class Hello implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        return HttpResponse.ok("hello");
    }
}
