package ai.katonic.kpc.sim;

import java.nio.charset.StandardCharsets;

/**
 * STS's answer for an IAM user, which moto gets wrong: AWS names a user
 * {@code arn:aws:iam::<account>:user/<name>}; moto answers its built-in identity as
 * {@code arn:aws:sts::<account>:user/moto}, an ARN AWS never gives and IAM's policy simulator refuses.
 */
public final class CallerIdentity implements Behaviour {
    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (!reply.ok() || !call.iamAction().equals("sts:GetCallerIdentity")) return reply;
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        String fixed = body.replaceAll("<Arn>arn:(aws[a-z-]*):sts::(\\d{12}):user/", "<Arn>arn:$1:iam::$2:user/");
        return fixed.equals(body) ? reply : reply.withBody(fixed.getBytes(StandardCharsets.UTF_8));
    }
}
