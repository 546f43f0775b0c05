{#- One row: the as-of date that decides which periods are complete (decision D18), and
    the first and last dates of the cleaned, non-bot data of every source. The events'
    dates are read from int_user_days_active (one row per user, day and device with a
    non-bot event), not from every event. -#}

with

data_dates as (

    select activity_date as data_date
    from {{ ref('int_user_days_active') }}

    union all

    select signed_up_date as data_date
    from {{ ref('stg_crm__customers') }}

    union all

    select responded_date as data_date
    from {{ ref('stg_surveys__survey_responses') }}

    union all

    select report_date as data_date
    from {{ ref('stg_marketing__search_console') }}

    union all

    select report_date as data_date
    from {{ ref('stg_marketing__campaign_performance') }}

    union all

    select ordered_date as data_date
    from {{ ref('stg_shop__orders') }}

    union all

    select created_date as data_date
    from {{ ref('stg_support__support_tickets') }}

    union all

    select first_replied_date as data_date
    from {{ ref('stg_support__support_tickets') }}
    where first_replied_date is not null

    union all

    select solved_date as data_date
    from {{ ref('stg_support__support_tickets') }}
    where solved_date is not null

    union all

    select published_date as data_date
    from {{ ref('stg_social__social_posts') }}

),

bounds as (

    select
        min(data_date) as first_data_date,
        max(data_date) as last_data_date
    from data_dates

)

select
    {% if var('as_of_date', none) is not none -%}
        cast({{ sql_string_literal(var('as_of_date')) }} as date)
    {%- else -%}
        last_data_date
    {%- endif %} as as_of_date,
    first_data_date,
    last_data_date
from bounds
