import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The same hello for Google's Functions Framework invoker 2.0.0 (the second reference). */
public class GcfHello implements HttpFunction {
    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().write("hello");
    }
}
