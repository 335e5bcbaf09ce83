#!/usr/bin/env bash
# Provisions what Parley's worker needs in Azure, passwordless and least-privilege, idempotently:
# every step looks first and creates only what is missing, so re-running is safe.
#
#   RESOURCE_GROUP=parley-rg LOCATION=swedencentral SB_NAMESPACE=parley-bus \
#   OPENAI_ACCOUNT=parley-openai AKS_CLUSTER=parley-aks ./infra/provision.sh
#
# Needs: az CLI logged in (az login) with rights to create resources and role assignments.
# Prints the values the k8s overlay needs at the end.
set -euo pipefail

: "${RESOURCE_GROUP:?set RESOURCE_GROUP}"
: "${LOCATION:?set LOCATION (an Azure region with Azure OpenAI)}"
: "${SB_NAMESPACE:?set SB_NAMESPACE (globally unique Service Bus namespace name)}"
: "${OPENAI_ACCOUNT:?set OPENAI_ACCOUNT (globally unique; also its custom subdomain)}"
: "${AKS_CLUSTER:?set AKS_CLUSTER (an AKS cluster in RESOURCE_GROUP with --enable-oidc-issuer --enable-workload-identity)}"
QUESTION_QUEUE="${QUESTION_QUEUE:-parley-questions}"
REPLY_QUEUE="${REPLY_QUEUE:-parley-replies}"
OPENAI_DEPLOYMENT="${OPENAI_DEPLOYMENT:-gpt-4o}"
OPENAI_MODEL="${OPENAI_MODEL:-gpt-4o}"
OPENAI_MODEL_VERSION="${OPENAI_MODEL_VERSION:-2024-11-20}"
OPENAI_CAPACITY="${OPENAI_CAPACITY:-30}"
K8S_NAMESPACE="${K8S_NAMESPACE:-parley}"
WORKER_SERVICE_ACCOUNT="${WORKER_SERVICE_ACCOUNT:-parley-worker}"
WORKER_IDENTITY="${WORKER_IDENTITY:-parley-worker-id}"
KEDA_IDENTITY="${KEDA_IDENTITY:-parley-keda-id}"
# The AKS KEDA add-on runs keda-operator in kube-system; a Helm install usually in keda.
KEDA_NAMESPACE="${KEDA_NAMESPACE:-kube-system}"

log() { printf '== %s\n' "$*" >&2; }

# ensure <description> <show command...> -- <create command...>
# Runs create only when show fails; "show" must fail only when the resource is absent.
ensure() {
  local what="$1"; shift
  local show=() create=()
  while [ "$1" != "--" ]; do show+=("$1"); shift; done; shift
  create=("$@")
  if "${show[@]}" >/dev/null 2>&1; then
    log "$what: exists"
  else
    log "$what: creating"
    "${create[@]}" >/dev/null
  fi
}

# assign_role <role> <principal object id> <scope>: at exactly that scope, never wider.
assign_role() {
  local role="$1" principal="$2" scope="$3" count
  count=$(az role assignment list --assignee "$principal" --role "$role" --scope "$scope" --query "length(@)" -o tsv)
  if [ "$count" = "0" ]; then
    log "role '$role' on ${scope##*/providers/}: assigning"
    az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" >/dev/null
  else
    log "role '$role' on ${scope##*/providers/}: exists"
  fi
}

az group create -n "$RESOURCE_GROUP" -l "$LOCATION" >/dev/null

# Service Bus: Standard tier (sessions need Standard or Premium), no SAS keys at all.
ensure "Service Bus namespace $SB_NAMESPACE" \
  az servicebus namespace show -g "$RESOURCE_GROUP" -n "$SB_NAMESPACE" -- \
  az servicebus namespace create -g "$RESOURCE_GROUP" -n "$SB_NAMESPACE" -l "$LOCATION" --sku Standard --disable-local-auth true
# Sessions can only be enabled when a queue is created.
ensure "queue $QUESTION_QUEUE" \
  az servicebus queue show -g "$RESOURCE_GROUP" --namespace-name "$SB_NAMESPACE" -n "$QUESTION_QUEUE" -- \
  az servicebus queue create -g "$RESOURCE_GROUP" --namespace-name "$SB_NAMESPACE" -n "$QUESTION_QUEUE" \
    --enable-session true --lock-duration PT1M --max-delivery-count 5 \
    --enable-dead-lettering-on-message-expiration true --default-message-time-to-live P1D \
    --enable-duplicate-detection true --duplicate-detection-history-time-window PT10M
ensure "queue $REPLY_QUEUE" \
  az servicebus queue show -g "$RESOURCE_GROUP" --namespace-name "$SB_NAMESPACE" -n "$REPLY_QUEUE" -- \
  az servicebus queue create -g "$RESOURCE_GROUP" --namespace-name "$SB_NAMESPACE" -n "$REPLY_QUEUE" \
    --enable-session true --lock-duration PT1M --max-delivery-count 5 \
    --enable-dead-lettering-on-message-expiration true --default-message-time-to-live P1D \
    --enable-duplicate-detection true --duplicate-detection-history-time-window PT10M

# Azure OpenAI with a custom subdomain (Entra auth needs one) and key auth disabled.
ensure "Azure OpenAI account $OPENAI_ACCOUNT" \
  az cognitiveservices account show -g "$RESOURCE_GROUP" -n "$OPENAI_ACCOUNT" -- \
  az cognitiveservices account create -g "$RESOURCE_GROUP" -n "$OPENAI_ACCOUNT" -l "$LOCATION" \
    --kind OpenAI --sku S0 --custom-domain "$OPENAI_ACCOUNT" --yes
OPENAI_ID=$(az cognitiveservices account show -g "$RESOURCE_GROUP" -n "$OPENAI_ACCOUNT" --query id -o tsv)
az resource update --ids "$OPENAI_ID" --set properties.disableLocalAuth=true >/dev/null
ensure "model deployment $OPENAI_DEPLOYMENT" \
  az cognitiveservices account deployment show -g "$RESOURCE_GROUP" -n "$OPENAI_ACCOUNT" --deployment-name "$OPENAI_DEPLOYMENT" -- \
  az cognitiveservices account deployment create -g "$RESOURCE_GROUP" -n "$OPENAI_ACCOUNT" \
    --deployment-name "$OPENAI_DEPLOYMENT" --model-name "$OPENAI_MODEL" --model-version "$OPENAI_MODEL_VERSION" \
    --model-format OpenAI --sku-name Standard --sku-capacity "$OPENAI_CAPACITY"

# Two identities: the worker's, and the one KEDA reads queue length with.
for id in "$WORKER_IDENTITY" "$KEDA_IDENTITY"; do
  ensure "managed identity $id" \
    az identity show -g "$RESOURCE_GROUP" -n "$id" -- \
    az identity create -g "$RESOURCE_GROUP" -n "$id" -l "$LOCATION"
done
WORKER_PRINCIPAL=$(az identity show -g "$RESOURCE_GROUP" -n "$WORKER_IDENTITY" --query principalId -o tsv)
WORKER_CLIENT_ID=$(az identity show -g "$RESOURCE_GROUP" -n "$WORKER_IDENTITY" --query clientId -o tsv)
KEDA_PRINCIPAL=$(az identity show -g "$RESOURCE_GROUP" -n "$KEDA_IDENTITY" --query principalId -o tsv)
KEDA_CLIENT_ID=$(az identity show -g "$RESOURCE_GROUP" -n "$KEDA_IDENTITY" --query clientId -o tsv)

SB_ID=$(az servicebus namespace show -g "$RESOURCE_GROUP" -n "$SB_NAMESPACE" --query id -o tsv)
QUESTIONS_ID="$SB_ID/queues/$QUESTION_QUEUE"
REPLIES_ID="$SB_ID/queues/$REPLY_QUEUE"

# Least privilege, each at queue or account scope.
assign_role "Azure Service Bus Data Receiver" "$WORKER_PRINCIPAL" "$QUESTIONS_ID"
assign_role "Azure Service Bus Data Sender" "$WORKER_PRINCIPAL" "$REPLIES_ID"
# The reply and the question's completion share one transaction, sent via the question queue.
assign_role "Azure Service Bus Data Sender" "$WORKER_PRINCIPAL" "$QUESTIONS_ID"
assign_role "Cognitive Services OpenAI User" "$WORKER_PRINCIPAL" "$OPENAI_ID"
# KEDA reads runtime properties (active message count), which needs the Manage right.
assign_role "Azure Service Bus Data Owner" "$KEDA_PRINCIPAL" "$QUESTIONS_ID"

# Federated credentials: the issuer must match the cluster's exactly (trailing slash included).
OIDC_ISSUER=$(az aks show -g "$RESOURCE_GROUP" -n "$AKS_CLUSTER" --query oidcIssuerProfile.issuerUrl -o tsv)
[ -n "$OIDC_ISSUER" ] || { echo "AKS cluster $AKS_CLUSTER has no OIDC issuer: az aks update --enable-oidc-issuer --enable-workload-identity" >&2; exit 1; }
ensure "federated credential for $K8S_NAMESPACE/$WORKER_SERVICE_ACCOUNT" \
  az identity federated-credential show -g "$RESOURCE_GROUP" --identity-name "$WORKER_IDENTITY" -n parley-worker -- \
  az identity federated-credential create -g "$RESOURCE_GROUP" --identity-name "$WORKER_IDENTITY" -n parley-worker \
    --issuer "$OIDC_ISSUER" --subject "system:serviceaccount:$K8S_NAMESPACE:$WORKER_SERVICE_ACCOUNT" \
    --audiences api://AzureADTokenExchange
ensure "federated credential for $KEDA_NAMESPACE/keda-operator" \
  az identity federated-credential show -g "$RESOURCE_GROUP" --identity-name "$KEDA_IDENTITY" -n keda-operator -- \
  az identity federated-credential create -g "$RESOURCE_GROUP" --identity-name "$KEDA_IDENTITY" -n keda-operator \
    --issuer "$OIDC_ISSUER" --subject "system:serviceaccount:$KEDA_NAMESPACE:keda-operator" \
    --audiences api://AzureADTokenExchange

cat <<OUT
# Values for your k8s overlay (see k8s/overlays/example):
worker identity client id (ServiceAccount azure.workload.identity/client-id): $WORKER_CLIENT_ID
KEDA identity client id (TriggerAuthentication identityId):                   $KEDA_CLIENT_ID
SPRING_CLOUD_AZURE_SERVICEBUS_NAMESPACE=$SB_NAMESPACE
ScaledObject trigger namespace:                                             $SB_NAMESPACE
PARLEY_ANSWERING_ENDPOINT=https://$OPENAI_ACCOUNT.openai.azure.com
PARLEY_ANSWERING_DEPLOYMENT=$OPENAI_DEPLOYMENT
OUT
