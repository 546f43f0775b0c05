{#- The staging tables of the small sources (customers, orders, tickets, surveys, search,
    campaigns, social posts) are reloaded only when what they read has changed
    (decision D713). A source's version is a text that changes when any input of its
    staging model changes: each raw file's name, size and modification time (or the
    rows of the demo seed `raw_<source>`), the rows of every seed the model reads (the
    mapping seeds), the model's own code and the vars staging reads. none on engines
    that cannot tell; the model is then rebuilt every run. -#}
{% macro raw_source_version(source_name) -%}
    {{ return(adapter.dispatch('raw_source_version', 'customer_engagement')(
        source_name)) }}
{%- endmacro %}


{% macro default__raw_source_version(source_name) -%}
    {{ return(none) }}
{%- endmacro %}


{% macro duckdb__raw_source_version(source_name) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set parts = [source_name, local_md5(model.raw_code)] -%}
    {%- for name in staging_settings() -%}
        {%- do parts.append(name ~ '=' ~ var(name, none)) -%}
    {%- endfor -%}
    {%- set readings = [] -%}
    {%- if var('raw_data_dir', none) is not none -%}
        {%- set file_list -%}
            [{% for file in raw_files(source_name)['files'] -%}
                {{ sql_string_literal(file) }}{{ ', ' if not loop.last }}
            {%- endfor %}]
        {%- endset -%}
        {%- do readings.append(
            "select string_agg(filename || ':' || size || ':' "
            ~ "|| epoch_ms(last_modified), ';' order by filename) "
            ~ "from read_blob(" ~ file_list ~ ")") -%}
    {%- endif -%}
    {%- for node_id in model.depends_on.nodes if node_id.startswith('seed.') -%}
        {%- set seed = graph.nodes[node_id] -%}
        {%- set relation = adapter.get_relation(
            database=seed.database, schema=seed.schema, identifier=seed.alias) -%}
        {%- if relation is none -%}
            {#- Not seeded yet (a compile before `dbt seed`): the model cannot be
                built, and its version is only a placeholder. -#}
            {%- do parts.append(seed.name ~ ':not built') -%}
        {%- else -%}
            {%- do readings.append(
                "select " ~ sql_string_literal(seed.name ~ ':')
                ~ " || count(*) || ':' || coalesce(sum(hash(seed_rows)), 0) from "
                ~ relation ~ " as seed_rows") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for reading in readings -%}
        {%- do parts.append(run_query(reading).columns[0].values()[0]) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join('|'))) }}
{%- endmacro %}


{#- The vars the staging models read; a change in any of them reloads every small
    source. -#}
{% macro staging_settings() -%}
    {{ return([
        'reporting_timezone', 'base_currency', 'conversion_events',
        'nps_scale_min', 'nps_scale_max', 'csat_scale_min', 'csat_scale_max',
        'ces_scale_min', 'ces_scale_max', 'ces_direction',
    ]) }}
{%- endmacro %}


{#- Whether this run reads the source: on a full build, when the engine cannot tell the
    version, and when the version the table holds is not `version`. A table built
    before `source_version` existed stops the run with the fix. -#}
{% macro source_reloaded(version) -%}
    {%- if not is_incremental() or version is none -%}
        {{ return(true) }}
    {%- endif -%}
    {%- do require_column(this, 'source_version', this.identifier, 'D713') -%}
    {%- set loaded = run_query(
        'select distinct source_version from ' ~ this
    ).columns[0].values() | list -%}
    {{ return(loaded != [version]) }}
{%- endmacro %}


{#- Pre-hook of a small source's staging model: on an incremental run that reloads the
    source, empties the table first (the model then appends every row). -#}
{% macro delete_reloaded_source(source_name) -%}
    {%- if is_incremental() and source_reloaded(raw_source_version(source_name)) -%}
        delete from {{ this }}
    {%- endif -%}
{%- endmacro %}


{#- The `source_version` column of a small source's staging model. -#}
{% macro source_version_value(version) -%}
    {%- if version is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ sql_string_literal(version) }}
    {%- endif -%}
{%- endmacro %}


{#- The config of a small source's staging model: incremental (a table on Spark),
    appended to, emptied first by a pre-hook when the source is reloaded. -#}
{% macro small_source_config(source_name) -%}
    {{ return({
        'materialized': events_materialization(),
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': "{{ delete_reloaded_source('" ~ source_name ~ "') }}",
    }) }}
{%- endmacro %}
