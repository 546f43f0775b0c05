{#- SPEC §2: every raw row of a source ends in exactly one place. Applied to a
    `<staging model>_validated` model; fails (one row with the counts) unless
    raw rows = clean rows + rejected rows + duplicate rows, each counted in its own
    model, and unless the validated model holds every raw row once. -#}
{% test raw_rows_accounted_for(model, source_name) %}
    {%- set staging_model = raw_source_contract()[source_name]['model'] %}
    with

    counts as (

        select
            (select count(*) from {{ raw_source(source_name) }}) as raw_rows,
            (select count(*) from {{ model }}) as validated_rows,
            (select count(*) from {{ ref(staging_model) }}) as clean_rows,
            (select count(*) from {{ ref(staging_model ~ '_rejected') }}) as rejected_rows,
            (select count(*) from {{ model }} where is_duplicate) as duplicate_rows

    )

    select *
    from counts
    where
        raw_rows <> clean_rows + rejected_rows + duplicate_rows
        or raw_rows <> validated_rows
{% endtest %}
