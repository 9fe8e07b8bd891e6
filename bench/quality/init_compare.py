"""Default initialisation (issue 17): the default job (only datasetId, k and a seed) as planned now, with He
initialisation after its relu, beside the same job with model.init xavier_uniform, the default before issue 17.
Everything else is the recipe's choice and identical in both. Started by bench/init_compare.sh."""
import argparse
import tempfile

from api import Api
from datasets import suite

SETS = "moons,anisotropic,highdim_noise,iris,wine,breast_cancer,digits"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--only", default=SETS)
    parser.add_argument("--seeds", default="0,1", help="training seeds, each run with both initialisations")
    args = parser.parse_args()
    api = Api(args.url)
    wanted = args.only.split(",")
    seeds = [int(s) for s in args.seeds.split(",")]
    print("| Dataset | Seed | Init planned | He (kaiming_uniform) ACC / NMI | Glorot (xavier_uniform) ACC / NMI |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as workdir:
        for name, factory in suite(full=False):
            if name not in wanted:
                continue
            dataset = factory()
            dataset_id = dataset.upload(api, workdir)
            for seed in seeds:
                cells, planned = [], None
                for model in ({}, {"model": {"init": "xavier_uniform"}}):
                    job, clusters, seconds = api.run_job({"datasetId": dataset_id, **model,
                                                          "training": {"seed": seed}, "clustering": {"k": dataset.k}})
                    planned = planned or job["configuration"]["model"].get("init")
                    ext = (clusters or {}).get("external")
                    cells.append(f"{ext['accuracy']:.3f} / {ext['nmi']:.3f} ({seconds:.0f} s)" if ext else job["state"])
                print(f"| {name} | {seed} | {planned} | {cells[0]} | {cells[1]} |", flush=True)


if __name__ == "__main__":
    main()
