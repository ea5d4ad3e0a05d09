package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event triggers of one function: an SQS event source mapping for queues, an EventBridge rule with the function's
 * alias as target for schedules, an S3 bucket notification for storage. Each reconcile call is idempotent: it reads what exists and changes only the
 * difference. Storage triggers are this function's entry in the bucket's notification configuration.
 */
final class EventTriggers {

    static final String SCHEDULE_PERMISSION = "faasport-schedule";
    static final String STORAGE_PERMISSION = "faasport-storage";
    private static final String TARGET_ID = "faasport";

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;
    private final java.util.concurrent.ConcurrentMap<String, Object> bucketLocks = new java.util.concurrent.ConcurrentHashMap<>();

    EventTriggers(AwsClients clients, AwsSettings settings, ProviderConfig.Log log) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Makes the function's queue mapping and schedule rule match its trigger, removing the ones it no longer has.
     * Services are only asked when the function has or had such a trigger, so HTTP-only users need no SQS or
     * EventBridge permissions.
     *
     * @param previousKind the trigger kind recorded on the deployed function, or null
     */
    void reconcile(String name, String function, String aliasArn, Trigger trigger, String previousKind) {
        if (trigger instanceof Trigger.Queue || "queue".equals(previousKind)) {
            reconcileQueue(name, aliasArn, trigger instanceof Trigger.Queue q ? q : null);
        }
        if (trigger instanceof Trigger.Schedule || "schedule".equals(previousKind)) {
            reconcileSchedule(name, function, aliasArn, trigger instanceof Trigger.Schedule s ? s : null);
        }
    }

    /**
     * Makes the bucket notification of a storage trigger match: the invoke permission for S3 first (S3 validates it),
     * then this function's entry in the bucket's notification configuration, keeping every other entry as it is.
     *
     * @param previousBucket the bucket recorded on the deployed function, or null
     */
    void reconcileStorage(String name, String aliasArn, Trigger.Storage storage, String previousBucket) {
        if (previousBucket != null && (storage == null || !previousBucket.equals(storage.bucket()))) {
            putNotification(previousBucket, name, null);
            LambdaPermissions.remove(clients.lambda(), name, settings.alias(), STORAGE_PERMISSION);
        }
        if (storage == null) {
            return;
        }
        String account = aliasArn.split(":")[4];
        LambdaPermissions.add(clients.lambda(), name, settings.alias(), STORAGE_PERMISSION,
                b -> b.action("lambda:InvokeFunction").principal("s3.amazonaws.com")
                        .sourceArn("arn:aws:s3:::" + storage.bucket()).sourceAccount(account));
        List<String> events = storage.events().stream().sorted()
                .map(k -> k == Trigger.StorageEventKind.CREATED ? "s3:ObjectCreated:*" : "s3:ObjectRemoved:*").toList();
        List<FilterRule> rules = new ArrayList<>();
        if (!storage.prefix().isEmpty()) {
            rules.add(FilterRule.builder().name(FilterRuleName.PREFIX).value(storage.prefix()).build());
        }
        if (!storage.suffix().isEmpty()) {
            rules.add(FilterRule.builder().name(FilterRuleName.SUFFIX).value(storage.suffix()).build());
        }
        LambdaFunctionConfiguration.Builder ours = LambdaFunctionConfiguration.builder().id(notificationId(name))
                .lambdaFunctionArn(aliasArn).eventsWithStrings(events);
        if (!rules.isEmpty()) {
            ours.filter(f -> f.key(k -> k.filterRules(rules)));
        }
        putNotification(storage.bucket(), name, ours.build());
    }

    /**
     * Replaces (or with null removes) this function's entry in a bucket's notification configuration. S3 takes the
     * whole configuration at once, so the read and the write of one bucket are serialized: functions of one bucket
     * deployed in parallel would otherwise overwrite each other's entries.
     */
    private void putNotification(String bucket, String name, LambdaFunctionConfiguration ours) {
        synchronized (bucketLocks.computeIfAbsent(bucket, b -> new Object())) {
            writeNotification(bucket, name, ours);
        }
    }

    private void writeNotification(String bucket, String name, LambdaFunctionConfiguration ours) {
        GetBucketNotificationConfigurationResponse current;
        try {
            current = clients.s3().getBucketNotificationConfiguration(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            if (ours == null && AwsErrors.notFound(e)) {
                return; // the old bucket is gone, and its notifications with it
            }
            throw e;
        }
        List<LambdaFunctionConfiguration> lambdas = new ArrayList<>();
        Optional<LambdaFunctionConfiguration> existing = Optional.empty();
        for (LambdaFunctionConfiguration c : current.lambdaFunctionConfigurations()) {
            if (notificationId(name).equals(c.id())) {
                existing = Optional.of(c);
            } else {
                lambdas.add(c);
            }
        }
        if (ours == null ? existing.isEmpty() : existing.filter(ours::equals).isPresent()) {
            return; // already as wanted: S3 rewrites the whole configuration, so write only on a change
        }
        if (ours != null) {
            lambdas.add(ours);
        }
        NotificationConfiguration.Builder next = NotificationConfiguration.builder()
                .topicConfigurations(current.topicConfigurations()).queueConfigurations(current.queueConfigurations())
                .lambdaFunctionConfigurations(lambdas);
        if (current.eventBridgeConfiguration() != null) {
            next.eventBridgeConfiguration(current.eventBridgeConfiguration());
        }
        clients.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(next.build()));
        log.info((ours == null ? "Removed" : "Set") + " the notification of s3://" + bucket + " for '" + name + "'");
    }

    static String notificationId(String name) {
        return "faasport-" + name;
    }

    /** Removes the trigger resources of a function that had a trigger of this kind (used before deleting it). */
    void removeAll(String name, String previousKind, String previousBucket) {
        if ("queue".equals(previousKind)) {
            reconcileQueue(name, null, null);
        }
        if ("schedule".equals(previousKind)) {
            reconcileSchedule(name, null, null, null);
        }
        if (previousBucket != null) {
            reconcileStorage(name, null, null, previousBucket);
        }
    }

    private void reconcileQueue(String name, String aliasArn, Trigger.Queue queue) {
        String queueArn = queue == null ? null : queueArn(queue.queue());
        List<EventSourceMappingConfiguration> mappings = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            var page = clients.lambda().listEventSourceMappings(b -> b.functionName(name).marker(m));
            mappings.addAll(page.eventSourceMappings());
            marker = page.nextMarker();
        } while (marker != null);
        boolean found = false;
        for (EventSourceMappingConfiguration m : mappings) {
            boolean wanted = queueArn != null && queueArn.equals(m.eventSourceArn()) && m.functionArn() != null
                    && m.functionArn().equals(aliasArn);
            if (wanted && !found) {
                found = true;
                if (m.batchSize() == null || m.batchSize() != queue.batchSize()) {
                    clients.lambda().updateEventSourceMapping(b -> {
                        b.uuid(m.uuid()).batchSize(queue.batchSize());
                        if (queue.batchSize() > 10) {
                            b.maximumBatchingWindowInSeconds(1);
                        }
                    });
                }
            } else if (m.eventSourceArn() != null && m.eventSourceArn().startsWith("arn:aws:sqs:")) {
                // a queue the function no longer reads, or a duplicate left by a killed build
                clients.lambda().deleteEventSourceMapping(b -> b.uuid(m.uuid()));
                log.info("Removed the queue mapping " + m.eventSourceArn() + " from '" + name + "'");
            }
        }
        if (queue != null && !found) {
            clients.lambda().createEventSourceMapping(b -> {
                b.eventSourceArn(queueArn).functionName(aliasArn).batchSize(queue.batchSize()).enabled(true)
                        .functionResponseTypesWithStrings("ReportBatchItemFailures");
                if (queue.batchSize() > 10) {
                    // SQS batches above 10 need a batching window (documented CreateEventSourceMapping rule)
                    b.maximumBatchingWindowInSeconds(1);
                }
            });
            log.info("Mapped queue " + queue.queue() + " to '" + name + "'");
        }
    }

    private String queueArn(String queue) {
        if (queue.startsWith("arn:")) {
            return queue;
        }
        return queueAttribute(queue, QueueAttributeName.QUEUE_ARN);
    }

    /**
     * Lambda refuses an SQS event source mapping (and a timeout update of a mapped function) when the queue's
     * visibility timeout is shorter than the function's timeout ("Queue visibility timeout: 30 seconds is less than
     * Function timeout: 60 seconds"). Read before the function is touched, so such a deploy changes nothing.
     *
     * @throws ProviderException naming both values and what to change
     */
    void requireVisibilityTimeout(String function, Trigger.Queue queue, int timeoutSeconds) throws ProviderException {
        String value = queueAttribute(queue.queue(), QueueAttributeName.VISIBILITY_TIMEOUT);
        long visibility = value == null ? Long.MAX_VALUE : Long.parseLong(value.trim());
        if (visibility < timeoutSeconds) {
            // docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (read 2026-12): visibility timeout at
            // least the function timeout, recommended six times the function timeout plus the batching window
            long recommended = 6L * timeoutSeconds + (queue.batchSize() > 10 ? 1 : 0);
            throw ProviderException.permanent("Queue '" + queue.queue() + "' has a visibility timeout of " + visibility
                    + " s, less than the " + timeoutSeconds + " s timeout of function '" + function + "', so Lambda "
                    + "refuses to map it to the function", "raise the queue's VisibilityTimeout to at least "
                    + timeoutSeconds + " s (AWS recommends " + recommended + " s: aws sqs set-queue-attributes "
                    + "--queue-url <url> --attributes VisibilityTimeout=" + recommended + "), or lower the timeout of '"
                    + function + "' to at most " + visibility + " s");
        }
    }

    /** @return one attribute of a queue given by name or ARN (another account's queue by its ARN) */
    private String queueAttribute(String queue, QueueAttributeName attribute) {
        String[] arn = queue.startsWith("arn:") ? queue.split(":") : null;
        String url = clients.sqs().getQueueUrl(b -> {
            b.queueName(arn == null ? queue : arn[5]);
            if (arn != null) {
                b.queueOwnerAWSAccountId(arn[4]);
            }
        }).queueUrl();
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(attribute)).attributes()
                .get(attribute);
    }

    private void reconcileSchedule(String name, String function, String aliasArn, Trigger.Schedule schedule) {
        String rule = ruleName(name);
        Optional<DescribeRuleResponse> existing = describeRule(rule);
        if (schedule == null) {
            if (existing.isPresent() && ours(rule, existing.get())) {
                clients.events().removeTargets(b -> b.rule(rule).ids(TARGET_ID));
                clients.events().deleteRule(b -> b.name(rule));
                LambdaPermissions.remove(clients.lambda(), name, settings.alias(), SCHEDULE_PERMISSION);
                log.info("Removed the schedule rule " + rule + " of '" + name + "'");
            }
            return;
        }
        if (existing.isPresent() && !ours(rule, existing.get())) {
            throw new IllegalStateException("EventBridge rule " + rule + " exists but is not tagged for set '"
                    + settings.setName() + "', perhaps you should delete or rename that rule");
        }
        String ruleArn = existing.isPresent() && schedule.expression().equals(existing.get().scheduleExpression())
                && existing.get().state() == RuleState.ENABLED
                ? existing.get().arn()
                : clients.events().putRule(b -> b.name(rule).scheduleExpression(schedule.expression())
                        .state(RuleState.ENABLED).description("Faasport schedule of " + name)
                        .tags(software.amazon.awssdk.services.eventbridge.model.Tag.builder()
                                        .key(LambdaMapping.TAG_SET).value(settings.setName()).build(),
                                software.amazon.awssdk.services.eventbridge.model.Tag.builder()
                                        .key(LambdaMapping.TAG_FUNCTION).value(function).build())).ruleArn();
        List<Target> targets = clients.events().listTargetsByRule(b -> b.rule(rule)).targets();
        if (targets.stream().noneMatch(t -> t.id().equals(TARGET_ID) && t.arn().equals(aliasArn))) {
            clients.events().putTargets(b -> b.rule(rule).targets(Target.builder().id(TARGET_ID).arn(aliasArn).build()));
        }
        LambdaPermissions.add(clients.lambda(), name, settings.alias(), SCHEDULE_PERMISSION,
                b -> b.action("lambda:InvokeFunction").principal("events.amazonaws.com").sourceArn(ruleArn));
    }

    private boolean ours(String rule, DescribeRuleResponse r) {
        var tags = clients.events().listTagsForResource(b -> b.resourceARN(r.arn())).tags();
        return tags.stream().anyMatch(t -> t.key().equals(LambdaMapping.TAG_SET) && t.value().equals(settings.setName()));
    }

    private Optional<DescribeRuleResponse> describeRule(String rule) {
        try {
            return Optional.of(clients.events().describeRule(b -> b.name(rule)));
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @return the queue trigger as the function's SQS event source mapping holds it (maxAttempts 0: the queue's redrive policy decides) */
    Optional<Trigger.Queue> readQueue(String name) {
        for (EventSourceMappingConfiguration m : clients.lambda().listEventSourceMappings(b -> b.functionName(name))
                .eventSourceMappings()) {
            String arn = m.eventSourceArn();
            if (arn != null && arn.startsWith("arn:aws:sqs:")) {
                return Optional.of(new Trigger.Queue(arn.substring(arn.lastIndexOf(':') + 1),
                        m.batchSize() == null ? 10 : m.batchSize(), 0));
            }
        }
        return Optional.empty();
    }

    /** @return the schedule trigger as the function's EventBridge rule holds it */
    Optional<Trigger.Schedule> readSchedule(String name) {
        return describeRule(ruleName(name)).map(DescribeRuleResponse::scheduleExpression).map(Trigger.Schedule::new);
    }

    /** @return the storage trigger as this function's entry in the bucket's notification configuration holds it */
    Optional<Trigger.Storage> readStorage(String name, String bucket) {
        GetBucketNotificationConfigurationResponse current;
        try {
            current = clients.s3().getBucketNotificationConfiguration(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        for (LambdaFunctionConfiguration c : current.lambdaFunctionConfigurations()) {
            if (notificationId(name).equals(c.id())) {
                return storage(bucket, c.eventsAsStrings(), c.filter());
            }
        }
        return Optional.empty();
    }

    /** @return a notification entry as a storage trigger, empty when none of its events is a create or a delete */
    private static Optional<Trigger.Storage> storage(String bucket, List<String> events,
                                                     software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter filter) {
        java.util.Set<Trigger.StorageEventKind> kinds = java.util.EnumSet.noneOf(Trigger.StorageEventKind.class);
        for (String e : events) {
            if (e.startsWith("s3:ObjectRemoved")) {
                kinds.add(Trigger.StorageEventKind.DELETED);
            } else if (e.startsWith("s3:ObjectCreated")) {
                kinds.add(Trigger.StorageEventKind.CREATED);
            }
        }
        String prefix = "";
        String suffix = "";
        if (filter != null && filter.key() != null) {
            for (FilterRule r : filter.key().filterRules()) {
                if ("prefix".equalsIgnoreCase(r.nameAsString())) {
                    prefix = r.value();
                } else if ("suffix".equalsIgnoreCase(r.nameAsString())) {
                    suffix = r.value();
                }
            }
        }
        return kinds.isEmpty() ? Optional.empty() : Optional.of(new Trigger.Storage(bucket, kinds, prefix, suffix));
    }

    /**
     * S3 refuses a bucket's notification configuration when two entries can match one object for a common event
     * ("Configuring event notifications using object key name filtering", S3 user guide, read 2026-12). Checks the
     * function's trigger against the entries the bucket keeps, before anything changes; faas:check already compared
     * the set's own functions.
     *
     * @param rewritten entry ids this deploy writes anew (the units being deployed), not compared
     * @throws ProviderException naming the entry it overlaps, or the missing bucket
     */
    void requireNoOverlap(String function, Trigger.Storage storage, java.util.Set<String> rewritten) throws ProviderException {
        GetBucketNotificationConfigurationResponse current;
        try {
            current = clients.s3().getBucketNotificationConfiguration(b -> b.bucket(storage.bucket()));
        } catch (RuntimeException e) {
            throw AwsErrors.map("Reading the notifications of bucket '" + storage.bucket() + "'", function, e);
        }
        Map<String, Optional<Trigger.Storage>> kept = new java.util.LinkedHashMap<>();
        current.lambdaFunctionConfigurations().forEach(c -> kept.put(c.id(), storage(storage.bucket(), c.eventsAsStrings(), c.filter())));
        current.queueConfigurations().forEach(c -> kept.put(c.id(), storage(storage.bucket(), c.eventsAsStrings(), c.filter())));
        current.topicConfigurations().forEach(c -> kept.put(c.id(), storage(storage.bucket(), c.eventsAsStrings(), c.filter())));
        for (Map.Entry<String, Optional<Trigger.Storage>> e : kept.entrySet()) {
            if (!rewritten.contains(e.getKey()) && e.getValue().filter(storage::overlaps).isPresent()) {
                Trigger.Storage other = e.getValue().get();
                throw ProviderException.permanent("The storage trigger of function '" + function + "' (prefix '"
                        + storage.prefix() + "', suffix '" + storage.suffix() + "') overlaps the notification '"
                        + e.getKey() + "' of bucket '" + storage.bucket() + "' (prefix '" + other.prefix() + "', suffix '"
                        + other.suffix() + "') for a common event, which S3 refuses", "give '" + function + "' a prefix"
                        + " or suffix that cannot match the same keys, or remove that notification (aws s3api"
                        + " get-bucket-notification-configuration --bucket " + storage.bucket() + " lists them)");
            }
        }
    }

    /** Rule names allow 64 characters of [.\-_A-Za-z0-9], like function names plus '.'. */
    static String ruleName(String function) {
        String name = "faasport-" + function;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
