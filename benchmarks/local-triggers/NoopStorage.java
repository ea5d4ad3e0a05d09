package bench;

import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;

/** Does nothing with the event: the benchmark measures the runtime, not the function. */
public class NoopStorage implements StorageFunction {
    @Override
    public void handle(StorageEvent event, Context context) {
    }
}
