from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/search.smk"
include: "rules/compare.smk"
include: "rules/figures.smk"
include: "rules/nested.smk"
include: "rules/automl.smk"
include: "rules/nn.smk"
include: "rules/notebook.smk"
include: "rules/tracking.smk"
include: "rules/study.smk"


rule all:
    default_target: True
    input:
        get_final_output(),
