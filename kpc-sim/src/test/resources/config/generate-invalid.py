import os
base=open('valid-base.yaml').read()
E=lambda p:'  #! error: '+p
W=lambda p:'  #! warning: '+p
cases=[
("cluster-name-uppercase","cluster_name: katonic-prod","cluster_name: Katonic-Prod"+E("cluster_name")),
("cluster-name-too-long","cluster_name: katonic-prod","cluster_name: katonic-prod-with-a-very-long-name-that-goes-on"+E("cluster_name")),
("cluster-name-trailing-hyphen","cluster_name: katonic-prod","cluster_name: katonic-"+E("cluster_name")),
("cluster-name-missing","cluster_name: katonic-prod\nregion: us-east-1","region: us-east-1"+E("cluster_name")),
("cluster-name-camel-case","cluster_name: katonic-prod","clusterName: katonic-prod"+E("clusterName")+"\ncluster_name: x"),
("region-invalid","region: us-east-1\n","region: moon-base-1"+E("region")+"\n"),
("eks-version-too-old",'eks_version: "1.30"','eks_version: "1.29"'+E("eks_version")),
("eks-version-malformed",'eks_version: "1.30"','eks_version: latest'+E("eks_version")),
("tags-reserved-prefix","tags: {owner: ml-platform}",'tags: {owner: ml-platform, "aws:team": x}'+E("tags.aws:team")),
("tags-wrong-type","tags: {owner: ml-platform}","tags: {owner: [a, b]}"+E("tags.owner")),
("vpc-cidr-malformed","  cidr: 10.0.0.0/21","  cidr: 10.0.0.0/33"+E("vpc.cidr")),
("vpc-cidr-too-small","  cidr: 10.0.0.0/21","  cidr: 10.0.0.0/22"+E("vpc.cidr")),
("vpc-cidr-too-large","  cidr: 10.0.0.0/21","  cidr: 10.0.0.0/15"+E("vpc.cidr")),
("vpc-cidr-host-bits","  cidr: 10.0.0.0/21","  cidr: 10.0.0.1/21"+E("vpc.cidr")),
("vpc-missing","vpc:\n  cidr: 10.0.0.0/21\n  private_subnets:\n    - {cidr: 10.0.0.0/24, zone: us-east-1a}\n    - {cidr: 10.0.1.0/24, zone: us-east-1b}\n  public_subnet: {cidr: 10.0.2.0/28, zone: us-east-1a}\n",""),
("private-subnets-one","    - {cidr: 10.0.0.0/24, zone: us-east-1a}\n    - {cidr: 10.0.1.0/24, zone: us-east-1b}","    - {cidr: 10.0.0.0/24, zone: us-east-1a}"+E("vpc.private_subnets")),
("private-subnets-not-a-list","  private_subnets:\n    - {cidr: 10.0.0.0/24, zone: us-east-1a}\n    - {cidr: 10.0.1.0/24, zone: us-east-1b}","  private_subnets:\n    cidr: 10.0.0.0/24"+E("vpc.private_subnets")),
("private-subnet-too-small","{cidr: 10.0.0.0/24, zone: us-east-1a}","{cidr: 10.0.0.0/25, zone: us-east-1a}"+E("vpc.private_subnets[0].cidr")),
("private-subnets-same-zone","{cidr: 10.0.1.0/24, zone: us-east-1b}","{cidr: 10.0.1.0/24, zone: us-east-1a}"+E("vpc.private_subnets[1].zone")),
("subnet-zone-other-region","{cidr: 10.0.1.0/24, zone: us-east-1b}","{cidr: 10.0.1.0/24, zone: eu-west-1b}"+E("vpc.private_subnets[1].zone")),
("subnet-outside-vpc","{cidr: 10.0.1.0/24, zone: us-east-1b}","{cidr: 10.9.1.0/24, zone: us-east-1b}"+E("vpc.private_subnets[1].cidr")),
("subnets-overlap","public_subnet: {cidr: 10.0.2.0/28, zone: us-east-1a}","public_subnet: {cidr: 10.0.1.16/28, zone: us-east-1a}"+E("vpc.public_subnet.cidr")),
("public-subnet-too-small","public_subnet: {cidr: 10.0.2.0/28, zone: us-east-1a}","public_subnet: {cidr: 10.0.2.0/29, zone: us-east-1a}"+E("vpc.public_subnet.cidr")),
("subnet-zone-missing","public_subnet: {cidr: 10.0.2.0/28, zone: us-east-1a}","public_subnet: {cidr: 10.0.2.0/28}"+E("vpc.public_subnet.zone")),
("fargate-top-level","state: {backend: local}","state: {backend: local}\nfargate: {profiles: [default]}"+E("fargate")),
("fargate-in-node-groups","node_groups:\n","node_groups:\n  fargate: {}"+E("node_groups.fargate")+"\n"),
("nodegroup-min-above-desired","platform:   {instance_type: m5.2xlarge, min_size: 2, desired_size: 2","platform:   {instance_type: m5.2xlarge, min_size: 3, desired_size: 2"+E("node_groups.platform.min_size")),
("nodegroup-desired-above-max","max_size: 4, disk_size_gb: 128}","max_size: 1, disk_size_gb: 128}"+E("node_groups.platform.desired_size")),
("nodegroup-required-max-zero","vectordb:   {instance_type: r5.xlarge, min_size: 1, desired_size: 1, max_size: 3","vectordb:   {instance_type: r5.xlarge, min_size: 0, desired_size: 0, max_size: 0"+E("node_groups.vectordb.max_size")),
("nodegroup-negative-min","compute:    {instance_type: m5.4xlarge, min_size: 1","compute:    {instance_type: m5.4xlarge, min_size: -1"+E("node_groups.compute.min_size")),
("nodegroup-disk-too-small","deployment: {instance_type: m5.2xlarge, min_size: 1, desired_size: 1, max_size: 5, disk_size_gb: 128}","deployment: {instance_type: m5.2xlarge, min_size: 1, desired_size: 1, max_size: 5, disk_size_gb: 10}"+E("node_groups.deployment.disk_size_gb")),
("nodegroup-unknown-name","  vectordb:   {instance_type: r5.xlarge, min_size: 1, desired_size: 1, max_size: 3, disk_size_gb: 128}","  vectrodb:   {instance_type: r5.xlarge, min_size: 1, desired_size: 1, max_size: 3, disk_size_gb: 128}"+E("node_groups.vectrodb")),
("nodegroup-instance-type-malformed","vectordb:   {instance_type: r5.xlarge","vectordb:   {instance_type: r5-xlarge"+E("node_groups.vectordb.instance_type")),
("nodegroup-size-wrong-type","compute:    {instance_type: m5.4xlarge, min_size: 1, desired_size: 1, max_size: 10","compute:    {instance_type: m5.4xlarge, min_size: 1, desired_size: 1, max_size: ten"+E("node_groups.compute.max_size")),
("jump-host-disk-too-small","  disk_size_gb: 50","  disk_size_gb: 10"+E("jump_host.disk_size_gb")),
("jump-host-disk-wrong-type","  disk_size_gb: 50","  disk_size_gb: fifty"+E("jump_host.disk_size_gb")),
("jump-host-both-keys","  disk_size_gb: 50","  disk_size_gb: 50\n  ssh_public_key: no-such-key.pub"+E("jump_host.ssh_public_key")+"\n  ssh_key_name: my-key"+E("jump_host.ssh_key_name")),
("jump-host-public-key-missing","  disk_size_gb: 50","  disk_size_gb: 50\n  ssh_public_key: keys/absent.pub"+E("jump_host.ssh_public_key")),
("allowed-cidr-malformed","allowed_cidrs: [203.0.113.0/24]","allowed_cidrs: [203.0.113.0/24, 300.1.1.1/32]"+E("jump_host.allowed_cidrs[1]")),
("allowed-cidrs-not-a-list","allowed_cidrs: [203.0.113.0/24]","allowed_cidrs: 203.0.113.0/24"+E("jump_host.allowed_cidrs")),
("bucket-uppercase","bucket: katonic-prod-backups","bucket: Katonic-Backups"+E("backup.bucket")),
("bucket-too-short","retention_days: 30}","retention_days: 30}"+E("backup.bucket")),
("bucket-ip-address","bucket: katonic-prod-backups","bucket: 192.168.10.12"+E("backup.bucket")),
("bucket-missing","retention_days: 30}","retention_days: 30}"+E("backup.bucket")),
("schedule-bad-hour",'schedule: "0 2 * * *"','schedule: "0 25 * * *"'+E("backup.schedule")),
("schedule-wrong-field-count",'schedule: "0 2 * * *"','schedule: "daily at two"'+E("backup.schedule")),
("retention-zero","retention_days: 30","retention_days: 0"+E("backup.retention_days")),
("fqdn-invalid","  fqdn: katonic.example.com","  fqdn: katonic_example"+E("domain.fqdn")),
("fqdn-derived-host-too-long","  fqdn: katonic.example.com","  fqdn: "+"k"*60+".example.com"+E("domain.fqdn")),
("fqdn-missing","  fqdn: katonic.example.com\n  load_balancer: external","  load_balancer: external"+E("domain.fqdn")),
("certificate-arn-malformed",'  certificate_arn: ""','  certificate_arn: "arn:aws:iam::123:cert"'+E("domain.certificate_arn")),
("certificate-arn-other-region",'  certificate_arn: ""','  certificate_arn: "arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"'+E("domain.certificate_arn")),
("network-policy-unknown","network_policy: calico","network_policy: cilium"+E("network_policy")),
("load-balancer-unknown","  load_balancer: external","  load_balancer: public"+E("domain.load_balancer")),
("unknown-top-level-key","state: {backend: local}","state: {backend: local}\nregoin: us-east-2"+E("regoin")),
("misplaced-key","state: {backend: local}","state: {backend: local}\ncidr: 10.0.0.0/21"+E("cidr")),
("unknown-nested-key","  load_balancer: external","  load_balancer: external\n  certifcate_arn: x"+E("domain.certifcate_arn")),
("shared-storage-wrong-type","shared_storage: {create: true}","shared_storage: true"+E("shared_storage")),
("apps-wrong-type","apps: {superset: true, airbyte: true}",'apps: {superset: "yes", airbyte: true}'+E("apps.superset")),
("state-s3-without-bucket","state: {backend: local}","state: {backend: s3}"+E("state.bucket")),
("duplicate-key","network_policy: calico","network_policy: calico\nnetwork_policy: vpc-cni"+E("")),
("yaml-alias","  fqdn: katonic.example.com","  fqdn: &name katonic.example.com\n  certificate_arn2: *name"+E("")),
("yaml-syntax-error","apps: {superset: true, airbyte: true}\ncluster_autoscaler: {enabled: true}","apps: {superset: true, airbyte: true\ncluster_autoscaler: {enabled: true}"+E("")),
("top-level-list",None,"- cluster_name: katonic-prod"+E("")+"\n- region: us-east-1\n"),
("multiple-documents","state: {backend: local}\n","state: {backend: local}\n---\ncluster_name: other"+E("")+"\n"),
("several-errors-at-once","region: us-east-1\n","region: moon-base-1"+E("region")+"\n"),
("kms-key-in-another-region",'eks_version: "1.30"','eks_version: "1.30"\nkms_key_arn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'+E("kms_key_arn")),
("kms-key-not-an-arn",'eks_version: "1.30"','eks_version: "1.30"\nkms_key_arn: alias/my-key'+E("kms_key_arn")),
("hosted-zone-id-malformed",'certificate_arn: ""','certificate_arn: ""\n  hosted_zone_id: /hostedzone/zabc'+E("domain.hosted_zone_id")),
("access-mode-unknown","node_groups:","access: {mode: vpn}"+E("access.mode")+"\nnode_groups:"),
("access-address-malformed","node_groups:","access: {mode: tunnel, jump_host_address: 'bastion:ssh'}"+E("access.jump_host_address")+"\nnode_groups:"),
("access-key-name-without-private-key","  allowed_cidrs: [203.0.113.0/24]\nnode_groups:","  ssh_key_name: my-key"+E("jump_host.ssh_key_name")+"\n  allowed_cidrs: [203.0.113.0/24]\naccess: {mode: tunnel}\nnode_groups:"),
("region-typo","region: us-east-1\n","region: us-esat-1"+E("region")+"\n"),
("region-other-partition","region: us-east-1\n","region: cn-north-1"+E("region")+"\n"),
("ssh-public-key-not-a-key","  disk_size_gb: 50","  disk_size_gb: 50\n  ssh_public_key: ../keys/notes.txt"+E("jump_host.ssh_public_key")),
("airbyte-open-to-the-internet",'  allowed_cidrs: ["198.51.100.0/24"]\napps: {superset: true, airbyte: true}','apps: {superset: true, airbyte: true}'+E("apps.airbyte")),
("domain-allowed-cidr-malformed",'  allowed_cidrs: ["198.51.100.0/24"]','  allowed_cidrs: ["198.51.100.0/33"]'+E("domain.allowed_cidrs[0]")),
("oidc-issuer-not-https",'  allowed_cidrs: ["198.51.100.0/24"]','  allowed_cidrs: []\n  oidc: {issuer: "http://idp.example.com", authorization_endpoint: "https://idp.example.com/a", token_endpoint: "https://idp.example.com/t", user_info_endpoint: "https://idp.example.com/u", client_id: katonic, client_secret_arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:oidc"}'+E("domain.oidc.issuer")),
("oidc-secret-other-region",'  allowed_cidrs: ["198.51.100.0/24"]','  oidc: {issuer: "https://idp.example.com", authorization_endpoint: "https://idp.example.com/a", token_endpoint: "https://idp.example.com/t", user_info_endpoint: "https://idp.example.com/u", client_id: katonic, client_secret_arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:oidc"}'+E("domain.oidc.client_secret_arn")),
("oidc-field-missing",'  allowed_cidrs: ["198.51.100.0/24"]','  oidc: {issuer: "https://idp.example.com", authorization_endpoint: "https://idp.example.com/a", token_endpoint: "https://idp.example.com/t", user_info_endpoint: "https://idp.example.com/u", client_id: katonic}'+E("domain.oidc.client_secret_arn")),
]
os.makedirs('invalid',exist_ok=True)
for f in os.listdir('invalid'): os.remove('invalid/'+f)
for i,(name,old,new) in enumerate(cases,1):
    if name=="vpc-missing": base2=base.replace("cluster_name: katonic-prod","cluster_name: katonic-prod"+E("vpc"))
    else: base2=base
    if old is None: text=new
    else:
        assert old in base, (name, old)
        assert old in base2, (name, old)
        text=base2.replace(old,new,1)
    if name=="bucket-too-short": text=text.replace("bucket: katonic-prod-backups,","bucket: kb,")
    if name=="bucket-missing": text=text.replace("bucket: katonic-prod-backups, ","")
    if name=="several-errors-at-once":
        text=text.replace("  disk_size_gb: 50","  disk_size_gb: 5"+E("jump_host.disk_size_gb")).replace("network_policy: calico","network_policy: flannel"+E("network_policy"))
        # type error masks semantic checks? keep only semantic ones
        text=text.replace("network_policy: flannel"+E("network_policy"),"network_policy: calico").replace('retention_days: 30','retention_days: 30').replace("{cidr: 10.0.1.0/24, zone: us-east-1b}","{cidr: 10.0.1.0/25, zone: us-east-1b}"+E("vpc.private_subnets[1].cidr"))
    import re
    out=[]
    for line in text.split('\n'):
        marks=re.findall(r'  #! (?:error|warning): ?[\w.:\[\]-]*', line)
        for m in marks: line=line.replace(m,'',1)
        out.append(line+''.join(marks))
    open('invalid/%02d-%s.yaml'%(i,name),'w').write('\n'.join(out))
print(len(cases))
