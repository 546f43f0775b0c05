{#- The one place raw data is read. Returns a relation or a subquery with every contract
    column of `source_name` as text: the demo seed `raw_<source>` when `raw_data_dir` is
    unset, else the user's files (see `raw_file_relation`).

    with_source_file  add `source_file`: the file's name (no folder), or the seed's name
    skip_files        names of files not to read (those an incremental model has
                      loaded); with none left, the result has no rows
    read              false: read nothing (no file is listed or opened); the result
                      has no rows (an unchanged small source, decision D713) -#}
{% macro raw_source(source_name, with_source_file=false, skip_files=[], read=true) -%}
    {%- set contract = raw_source_contract() -%}
    {%- if source_name not in contract -%}
        {{ exceptions.raise_compiler_error(
            "raw_source: unknown source '" ~ source_name ~ "'; known sources: "
            ~ (contract.keys() | list | join(', '))) }}
    {%- endif -%}
    {%- if var('raw_data_dir', none) is none -%}
        {%- set seed = ref('raw_' ~ source_name) -%}
        {%- if not read -%}
            {%- set skip_files = [seed.identifier] -%}
        {%- endif -%}
        {%- if with_source_file or seed.identifier in skip_files -%}
            (select
                *,
                {{ sql_string_literal(seed.identifier) }} as source_file
            from {{ seed }}
            {%- if seed.identifier in skip_files %}
            where 1 = 0
            {%- endif %})
        {%- else -%}
            {{ seed }}
        {%- endif -%}
    {%- else -%}
        {{ adapter.dispatch('raw_file_relation', 'customer_engagement')(
            source_name, with_source_file, skip_files, read) }}
    {%- endif -%}
{%- endmacro %}


{% macro default__raw_file_relation(
    source_name, with_source_file, skip_files, read
) -%}
    {{ exceptions.raise_compiler_error(
        "raw_data_dir is supported on DuckDB only; on " ~ target.type
        ~ " load the raw files into tables named raw_<source> in schema 'raw' "
        ~ "and leave raw_data_dir unset") }}
{%- endmacro %}


{% macro duckdb__raw_file_relation(
    source_name, with_source_file, skip_files, read
) -%}
    {%- set contract = raw_source_contract()[source_name] -%}
    {%- set found = raw_files(source_name) if execute and read else none -%}
    {%- if found is not none -%}
        {%- set unread = [] -%}
        {%- for file in found['files']
            if file.replace('\\', '/').split('/')[-1] not in skip_files -%}
            {%- do unread.append(file) -%}
        {%- endfor -%}
        {%- do found.update({'files': unread}) -%}
    {%- endif -%}
    {%- if found is none or found['files'] | length == 0 -%}
        {#- Parsing (no files are read yet), nothing to read, or every file already
            loaded. -#}
        (select {% for column in contract['columns'] -%}
            cast(null as {{ dbt.type_string() }}) as {{ column }}
            {{- ',' if not loop.last or with_source_file }}
        {%- endfor %}
        {%- if with_source_file %}
            cast(null as {{ dbt.type_string() }}) as source_file
        {%- endif %}
        where 1 = 0)
    {%- else -%}
        {%- set present = raw_file_columns(source_name, found) -%}
        (select
        {%- for column in contract['columns'] %}
            {% if column in present -%}
                cast({{ adapter.quote(column) }} as {{ dbt.type_string() }})
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as {{ column }}{{ ',' if not loop.last or with_source_file }}
        {%- endfor %}
        {%- if with_source_file %}
            regexp_replace(filename, '^.*[/\\]', '') as source_file
        {%- endif %}
        from {{ raw_file_reader(found, with_source_file) }})
    {%- endif -%}
{%- endmacro %}


{#- The files of one source in raw_data_dir: {'format': 'csv'|'parquet', 'files': [...]}.
    Raises when there are none, or when CSV and Parquet are mixed. -#}
{% macro raw_files(source_name) -%}
    {%- set folder = var('raw_data_dir') | string -%}
    {%- set folder = folder.rstrip('/') -%}
    {%- set patterns = [
        source_name ~ '.csv', source_name ~ '.csv.gz', source_name ~ '.parquet',
        source_name ~ '_*.csv', source_name ~ '_*.csv.gz', source_name ~ '_*.parquet',
    ] -%}
    {%- set listing -%}
        {%- for pattern in patterns %}
        select file from glob({{ sql_string_literal(folder ~ '/' ~ pattern) }})
        {%- if not loop.last %} union {% endif -%}
        {%- endfor %}
        order by file
    {%- endset -%}
    {%- set files = run_query(listing).columns[0].values() | list -%}
    {%- if files | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw_data_dir: no file for source '" ~ source_name ~ "' in " ~ folder
            ~ " (expected " ~ source_name ~ ".csv, .csv.gz, .parquet or "
            ~ source_name ~ "_*.csv / _*.parquet)") }}
    {%- endif -%}
    {%- set parquet = [] -%}
    {%- for file in files if file.endswith('.parquet') -%}
        {%- do parquet.append(file) -%}
    {%- endfor -%}
    {%- if parquet | length not in [0, files | length] -%}
        {{ exceptions.raise_compiler_error(
            "raw_data_dir: source '" ~ source_name ~ "' mixes CSV and Parquet files: "
            ~ (files | join(', '))) }}
    {%- endif -%}
    {{ return({'format': 'parquet' if parquet else 'csv', 'files': files}) }}
{%- endmacro %}


{% macro raw_file_reader(found, with_file_name=false) -%}
    {%- set file_list -%}
        [{% for file in found['files'] %}{{ sql_string_literal(file) }}
        {{- ', ' if not loop.last }}{% endfor %}]
    {%- endset -%}
    {%- if found['format'] == 'parquet' -%}
        read_parquet({{ file_list }}, union_by_name = true
            {{- ', filename = true' if with_file_name }})
    {%- else -%}
        read_csv({{ file_list }}, all_varchar = true, header = true,
            union_by_name = true{{ ', filename = true' if with_file_name }})
    {%- endif -%}
{%- endmacro %}


{#- Columns present in any file of the source (lower-cased; `union_by_name` reads a column
    that only some files have as NULL elsewhere). Raises, naming the file and the column,
    when a file lacks a required column. -#}
{% macro raw_file_columns(source_name, found) -%}
    {%- set contract = raw_source_contract()[source_name] -%}
    {%- set present = [] -%}
    {%- for file in found['files'] -%}
        {%- set describe -%}
            describe select * from {{ raw_file_reader({
                'format': found['format'], 'files': [file]}) }}
        {%- endset -%}
        {%- set columns = run_query(describe).columns[0].values()
            | map('lower') | list -%}
        {%- for column in contract['required'] if column not in columns -%}
            {{ exceptions.raise_compiler_error(
                "raw_data_dir: file " ~ file ~ " (source '" ~ source_name
                ~ "') has no required column '" ~ column ~ "'; it has: "
                ~ (columns | join(', '))) }}
        {%- endfor -%}
        {%- do present.extend(columns) -%}
    {%- endfor -%}
    {{ return(present | unique | list) }}
{%- endmacro %}
