package com.example.gcp;

import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.Context;

/** A BackgroundFunction without its payload type, which Google's invoker refuses. */
@SuppressWarnings("rawtypes")
public class UntypedBackground implements BackgroundFunction {
    @Override
    public void accept(Object payload, Context context) {
    }
}
