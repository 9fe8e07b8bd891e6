// The job page: configuration, live progress from the event stream, then metrics, plots and downloads.
"use strict";

const jobId = location.pathname.split("/").pop();
const finalStates = ["succeeded", "failed", "cancelled"];
let encoding = false; // an encoding job: a model's encoding of a dataset, with no training and no model of its own

function showState(state, error) {
  const badge = document.querySelector("#state");
  badge.textContent = state;
  badge.className = `state ${state}`;
  const errorLine = document.querySelector("#error");
  errorLine.hidden = !error;
  errorLine.textContent = error ? `Failed: ${error}` : "";
}

function showProgress(progress, epoch, epochs, loss, elapsed, remaining) {
  document.querySelector("#progress").value = progress;
  document.querySelector("#percent").textContent = `${Math.round(progress * 100)}%`;
  if (epoch !== undefined) document.querySelector("#epoch").textContent = `${epoch} of ${epochs}`;
  if (loss !== undefined && loss !== null) document.querySelector("#loss").textContent = loss.toPrecision(4);
  if (elapsed !== undefined) document.querySelector("#elapsed").textContent = duration(elapsed);
  document.querySelector("#remaining").textContent = duration(remaining);
}

async function showResults() {
  const [clusters, plots] = await Promise.all([getJson(`/api/jobs/${jobId}/clusters`), getJson(`/api/jobs/${jobId}/plots`)]);
  const metrics = [["Clusters (k)", clusters.k], ["Sizes", clusters.sizes.join(", ")], ["Inertia", clusters.inertia],
    ["Silhouette", clusters.silhouette], ["Davies-Bouldin", clusters.daviesBouldin], ["Calinski-Harabasz", clusters.calinskiHarabasz]];
  if (clusters.external) metrics.push(["ACC", clusters.external.accuracy], ["NMI", clusters.external.nmi], ["ARI", clusters.external.ari]);
  document.querySelector("#metrics tbody").replaceChildren(
    ...metrics.map(([name, value]) => row([name, typeof value === "number" && !Number.isInteger(value) ? value.toPrecision(4) : value])));
  showBaseline(clusters);
  document.querySelector("#plots").replaceChildren(...plots.map(p => apiImage(p.url, { alt: p.name, class: "plot" })));
  const downloads = [...(encoding ? [] : [["Model (zip)", `/api/jobs/${jobId}/model`]]), ["Clusters and scores (JSON)", `/api/jobs/${jobId}/clusters`],
    ["Embeddings (CSV)", `/api/jobs/${jobId}/embeddings/export?format=csv`], ["Embeddings (NumPy zip)", `/api/jobs/${jobId}/embeddings/export?format=npy`],
    ["Embeddings (Parquet)", `/api/jobs/${jobId}/embeddings/export?format=parquet`], ...plots.map(p => [p.name, p.url])];
  document.querySelector("#downloads").replaceChildren(...downloads.map(([name, url]) => {
    const item = el("li"); item.append(apiLink(name, url)); return item;
  }));
  document.querySelector("#results").hidden = false;
  if (!encoding) await showModel();
}

// The model the job registered: its name, version and aliases, and the model it was fine-tuned from.
async function showModel() {
  const model = (await getJson(`/api/models?jobId=${jobId}`)).items[0];
  if (!model) return;
  const name = document.querySelector("#model-name");
  name.replaceChildren(apiLink(model.name, model.links.name, `model-name-${model.name}.json`));
  document.querySelector("#model-version").replaceChildren(apiLink(`version ${model.version}`, model.links.self, `model-${model.id}.json`));
  document.querySelector("#model-aliases").textContent = model.aliases?.length ? model.aliases.join(", ") : "none";
}

// The job's clustering beside plain k-means and PCA + k-means on the same preprocessed rows: the autoencoder's lift at a glance.
function showBaseline(clusters) {
  const baseline = clusters.baseline;
  document.querySelector("#baseline").hidden = !baseline;
  if (!baseline) return;
  const format = value => value === undefined || value === null ? "–" : value.toFixed(3);
  const methods = [[`Autoencoder + ${clusters.clustering?.algorithm ?? "clustering"}`, clusters],
    ["k-means on the preprocessed rows", baseline.kMeans], [`PCA (${baseline.pca.components}) + k-means`, baseline.pca]];
  document.querySelector("#baseline-rows").textContent = `${baseline.rows} rows, k = ${baseline.k}`;
  document.querySelector("#baseline tbody").replaceChildren(...methods.map(([name, m]) =>
    row([name, format(m.external?.accuracy), format(m.external?.nmi), format(m.external?.ari), format(m.silhouette)])));
}

// While the job trains, its latent map is drawn from the latest checkpoint; 409 until the first one exists.
let liveShownAt = 0, ended = false;
function refreshLiveLatent() {
  if (ended || encoding || Date.now() - liveShownAt < 15000) return;
  liveShownAt = Date.now();
  getBlob(`/api/jobs/${jobId}/plots/latent.png`).then(({ blob }) => {
    if (ended) return;
    const image = document.querySelector("#live-latent");
    if (image.src) URL.revokeObjectURL(image.src);
    image.src = URL.createObjectURL(blob);
    document.querySelector("#live").hidden = false;
  }, () => {});
}

function follow() {
  // The stream reconnects by itself with Last-Event-ID, so a dropped connection misses nothing.
  const stream = followEvents(`/api/jobs/${jobId}/events`, (type, data) => {
    const e = JSON.parse(data);
    if (type === "epoch") {
      showState("running");
      showProgress(e.progress, e.epoch, e.epochs, e.loss, e.elapsedSeconds, e.remainingSeconds);
      refreshLiveLatent();
    } else if (type === "state") {
      showState(e.state, e.error);
      if (e.state === "succeeded") showProgress(1, undefined, undefined, undefined, e.elapsedSeconds, null);
      if (finalStates.includes(e.state)) {
        stream.stop();
        ended = true;
        document.querySelector("#live").hidden = true;
        if (e.state === "succeeded") showResults().catch(error => showState("succeeded", error.message));
      }
    }
  }, message => showState("unknown", message));
}

async function load() {
  document.querySelector("#job-id").textContent = jobId;
  const job = await getJson(`/api/jobs/${jobId}`);
  document.title = `Job ${jobId.slice(0, 8)} – WebClustering`;
  showState(job.state, job.error);
  showProgress(job.progress, job.epoch, job.epochs, job.loss, undefined, job.remainingSeconds);
  document.querySelector("#config").textContent = JSON.stringify(job.configuration, null, 2);
  if (job.kind === "encoding") showEncoding(job);
  const chosen = job.chosen ?? [];
  document.querySelector("#chosen-section").hidden = chosen.length === 0;
  document.querySelector("#chosen tbody").replaceChildren(...chosen.map(c => row([c.field, c.reason])));
  document.querySelector("#dataset").replaceChildren(apiLink(job.datasetId, `/api/datasets/${job.datasetId}`, `dataset-${job.datasetId}.json`));
  if (encoding) return follow();
  document.querySelector("#model-name").textContent = job.configuration.modelName ?? "–";
  const parent = job.configuration.training.initFrom;
  if (parent) document.querySelector("#model-parent").replaceChildren(apiLink(parent, `/api/models/${parent}`, `model-${parent}.json`));
  follow();
}

// An encoding job links its model instead of registering one; its configuration is that model's.
function showEncoding(job) {
  encoding = true;
  document.querySelector("#kind").textContent = "Encoding job";
  document.querySelector("#encoding-model").replaceChildren(apiLink(job.modelId, `/api/models/${job.modelId}`, `model-${job.modelId}.json`));
  document.querySelector("#encoding").hidden = false;
  document.querySelector("#registry").hidden = true;
  document.querySelectorAll(".training-only").forEach(e => e.hidden = true);
}

load().catch(error => showState("unknown", error.message));
