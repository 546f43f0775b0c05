with

validated as (

    select * from {{ ref('stg_app__events_validated') }}

),

clean as (

    select
        event_id,
        anonymous_id,
        customer_id,
        event_name,
        occurred_at,
        {{ to_reporting_date('occurred_at') }} as occurred_date,
        page_url,
        page_path,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        device_type,
        user_agent,
        is_bot,
        event_name in {{ conversion_event_list() }} as is_conversion_event,
        written_sequence
    from validated
    where rejection_reason is null and keep_rank = 1

)

select * from clean
