package ai.katonic.kpc.aws.ec2;

/**
 * The jump host's first-boot script: the tools the seed lists (AWS CLI, kubectl, Docker, eksctl,
 * Terraform). Each download is checked against the checksum file its publisher serves next to it;
 * kubectl follows the cluster's minor version.
 */
public final class JumpHostUserData {
    public static final String EKSCTL_VERSION = "0.194.0";
    public static final String TERRAFORM_VERSION = "1.9.8";

    private JumpHostUserData() {}

    public static String render(String eksVersion) {
        return """
                #!/bin/bash
                # kpc jump host bootstrap: AWS CLI, kubectl, Docker, eksctl, Terraform.
                set -euxo pipefail
                exec > >(tee /var/log/kpc-bootstrap.log) 2>&1
                dnf install -y docker unzip tar gzip
                systemctl enable --now docker
                usermod -aG docker ec2-user
                aws --version   # AWS CLI v2 ships with Amazon Linux 2023
                cd /tmp
                # kubectl at the cluster's minor version, checked against dl.k8s.io's published sha256
                KUBECTL=$(curl -fsSL https://dl.k8s.io/release/stable-%1$s.txt)
                curl -fsSLO "https://dl.k8s.io/release/${KUBECTL}/bin/linux/amd64/kubectl"
                echo "$(curl -fsSL https://dl.k8s.io/release/${KUBECTL}/bin/linux/amd64/kubectl.sha256)  kubectl" | sha256sum -c -
                install -m 0755 kubectl /usr/local/bin/kubectl
                # eksctl %2$s, checked against the release's checksum file
                curl -fsSLO "https://github.com/eksctl-io/eksctl/releases/download/v%2$s/eksctl_Linux_amd64.tar.gz"
                curl -fsSL "https://github.com/eksctl-io/eksctl/releases/download/v%2$s/eksctl_checksums.txt" | grep eksctl_Linux_amd64.tar.gz | sha256sum -c -
                tar -xzf eksctl_Linux_amd64.tar.gz -C /usr/local/bin eksctl
                # Terraform %3$s, checked against HashiCorp's SHA256SUMS
                curl -fsSLO "https://releases.hashicorp.com/terraform/%3$s/terraform_%3$s_linux_amd64.zip"
                curl -fsSL "https://releases.hashicorp.com/terraform/%3$s/terraform_%3$s_SHA256SUMS" | grep linux_amd64.zip | sha256sum -c -
                unzip -o terraform_%3$s_linux_amd64.zip -d /usr/local/bin
                kubectl version --client && eksctl version && terraform version && docker --version
                touch /var/lib/kpc-bootstrap-done
                """.formatted(eksVersion, EKSCTL_VERSION, TERRAFORM_VERSION);
    }
}
