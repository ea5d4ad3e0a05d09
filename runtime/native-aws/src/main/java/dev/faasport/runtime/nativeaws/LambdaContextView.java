package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** The Lambda {@link Context} an AWS handler gets on another platform, built from the portable context. */
final class LambdaContextView implements Context {

    private final dev.faasport.api.Context context;

    LambdaContextView(dev.faasport.api.Context context) {
        this.context = context;
    }

    /** @return the region a rebuilt event names: the platform's AWS_REGION (set on Lambda), else us-east-1 */
    static String region(dev.faasport.api.Context context) {
        return context.environment().getOrDefault("AWS_REGION", "us-east-1");
    }

    @Override
    public String getAwsRequestId() {
        return context.invocationId();
    }

    @Override
    public String getLogGroupName() {
        return context.environment().get("AWS_LAMBDA_LOG_GROUP_NAME");
    }

    @Override
    public String getLogStreamName() {
        return context.environment().get("AWS_LAMBDA_LOG_STREAM_NAME");
    }

    @Override
    public String getFunctionName() {
        return context.functionName();
    }

    @Override
    public String getFunctionVersion() {
        return context.environment().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    }

    @Override
    public String getInvokedFunctionArn() {
        return null; // no Lambda function exists on another platform; an ARN would be made up
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.min(Integer.MAX_VALUE, context.remainingTime().toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        try {
            return Integer.parseInt(context.environment().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                // Lambda users end lines with \n themselves; the portable logger adds its own
                context.logger().info(message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
