// The start page: recent jobs and datasets, and a form that uploads a CSV and starts a job on it.
"use strict";

async function loadLists() {
  const [jobs, datasets] = await Promise.all([getJson("/api/jobs?limit=20"), getJson("/api/datasets?limit=20")]);
  const names = new Map(datasets.items.map(d => [d.id, d.name]));
  const jobRows = document.querySelector("#jobs tbody");
  jobRows.replaceChildren(...jobs.items.map(j => row([
    el("a", j.id.slice(0, 8), { href: `/jobs/${j.id}` }), names.get(j.datasetId) ?? j.datasetId.slice(0, 8),
    el("span", j.state, { class: `state ${j.state}` }), `${Math.round(j.progress * 100)}%`, when(j.createdAt)])));
  const datasetRows = document.querySelector("#datasets tbody");
  datasetRows.replaceChildren(...datasets.items.map(d => row([d.name, d.rows, d.featureNames.length, d.labelColumn ?? "", when(d.createdAt)])));
}

async function loadExample() {
  const example = await getJson("/assets/example-job.json");
  delete example.datasetId;
  document.querySelector("#upload textarea").value = JSON.stringify(example, null, 2);
}

document.querySelector("#upload").addEventListener("submit", async event => {
  event.preventDefault();
  const form = event.target, status = document.querySelector("#upload-status");
  try {
    const config = JSON.parse(form.config.value || "{}");
    const data = new FormData();
    for (const field of ["file", "name", "idColumn", "labelColumn"]) {
      const value = field === "file" ? form.file.files[0] : form[field].value.trim();
      if (value) data.append(field, value);
    }
    status.textContent = "Uploading…";
    const dataset = await getJson("/api/datasets", { method: "POST", body: data });
    status.textContent = "Queueing the job…";
    const job = await getJson("/api/jobs", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...config, datasetId: dataset.id }),
    });
    location.href = `/jobs/${job.id}`;
  } catch (error) {
    status.textContent = `Failed: ${error.message}`;
  }
});

loadExample();
loadLists();
setInterval(loadLists, 5000);
