#!/usr/bin/env python3
"""Rebuild narrator's bundled example scorecards from figures transcribed from the reference papers.

Run from the repository root:

    python examples/build_examples.py

It (re)writes, next to this script:

* ``monthly_scorecard_2023_09.xlsx`` / ``.csv``    (paper 002, monthly scorecard Apr-23..Aug-23)
* ``quarterly_scorecard_2023_q2.xlsx`` / ``.csv``  (paper 004, Sefton quarterly scorecard, Q2)
* ``childrens_dashboard_2024_01.xlsx`` / ``.csv``  (paper 000, monthly dashboard Sep-23..Jan-24)

Each ``.xlsx`` is laid out the way the council's own workbook is (reconstructed from the PDF
text); each ``.csv`` holds the same figures in narrator's canonical layout (see README.md).

The figures below are kept as the papers print them (``"91.1%"``, ``"1107"``,
``"Not Yet Available"``); ``None`` is a cell the paper leaves empty. Garbled PDF symbols have
already been decoded (see README.md for every decoding). Needs only openpyxl and the standard
library. Output is deterministic apart from the timestamps openpyxl writes into the xlsx files.
"""

from __future__ import annotations

import csv
import datetime as _dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent

# =============================================================================================
# Paper 002: monthly performance and quality assurance scorecard, report month September 2023
# =============================================================================================

REPORT_MONTH_002 = "September 2023"
TITLE_002 = "CHILDRENS SERVICES PERFORMANCE AND QUALITY ASSURANCE SCORECARD"
MONTHS_002 = ["Apr-23", "May-23", "Jun-23", "Jul-23", "Aug-23"]

# Each section's header row as the paper prints it. The CARED FOR CHILDREN header is lost in
# the PDF text; it is assumed to repeat the CHILD IN NEED header (see README.md).
HEADER_002_FRONT_DOOR = [
    "Ref", "Indicator", *MONTHS_002, "Current", "Previous Year", "Target",
    "Greater Manchester Average", "North West Average", "Statistical Neighbour Average",
    "England Average", "Last 12 Months", "Performance", "Direction of Travel"]
HEADER_002_CHILD_IN_NEED = [
    "Ref", "Indicator", *MONTHS_002, "Current Performance", "Previous Year", "Target",
    "Greater Manchester Average (2021/22)", "North West Average (2020/21)",
    "Statistical Neighbour Average (2021/22)", "England Average (2021/22)", "Last 12 Months",
    "Performance", "Direction of Travel"]
HEADER_002_SAFEGUARDING = [
    "Ref", "Indicator", *MONTHS_002, "Current Performance", "Previous Year", "Target",
    "Greater Manchester Average (2021/22)", "North West Average (2021/22)",
    "Statistical Neighbour Average (2021/22)", "England Average (2021/22)", "Last 12 Months",
    "Performance", "Direction of Travel"]

# Row layout (the paper's columns, without the empty "Last 12 Months" sparkline column):
# (Ref, Indicator, Apr-23, May-23, Jun-23, Jul-23, Aug-23, Current, Previous Year, Target,
#  Greater Manchester, North West, Statistical Neighbour, England, Performance (RAG),
#  Direction of Travel)
ROWS_002_FRONT_DOOR = [
    ('FD1', 'Contact Received Inc. LCS contacts - (No. in Month)', '1107', '1440', '1346', '1295', '1167', '1265', '1350', None, None, None, None, None, None, '↑'),
    ('FD2', 'Contact - (12 Month Rolling Rate)', '3139', '3107', '3101', '3097', '3099', '3073', '2732', None, None, None, None, None, None, '↓'),
    ('FD2a', 'MASH Contact (No)', '1059', '1429', '1337', '1288', '1096', '1254', '1343', None, None, None, None, None, None, '↑'),
    ('FD2b', 'MASH Contact Ending Prior to Screening (No)', '232', '441', '358', '387', '274', '93', None, None, None, None, None, None, 'A', '↓'),
    ('FD2c', 'MASH Contact Ending Prior to Screening (%)', '22%', '31%', '27%', '30%', '25%', '7%', None, None, None, None, None, None, 'A', '↓'),
    ('FD2d', 'Requests for Information Received', '40', '47', '45', '61', '60', '39', None, None, None, None, None, None, None, '↑'),
    ('FD2e', 'MASH Screenings Completed', '791', '947', '936', '837', '791', '951', None, None, None, None, None, None, 'R', None),
    ('FD2f', 'MASH Screenings Completed within 72hrs', '91.1%', '71.9%', '78.1%', '68.9%', '63.3%', '67%', None, None, None, None, None, None, 'R', None),
    ('FD7', "Contact Referred to children's social care (% of ALL contact in month EHM and LCS with an outcome of Children's Social Care by month end)", '17.5%', '16.4%', '15.5%', '16.3%', '21.5%', '21%', '20%', None, None, None, None, None, 'G', None),
    ('FD8b', 'Requests for Information Completed', '40', '47', '45', '61', '60', '33', None, None, None, None, None, None, None, None),
    ('FD8c', "MASH Screening Outcomes - Referral to Children's Social Care %", '23.5%', '29.8%', '25.5%', '25.0%', '31.1%', '27%', '26%', None, None, None, None, None, 'A', None),
    ('FD8d', 'MASH Screening Outcomes - Early Help %', '7.0%', '7.2%', '8.0%', '15.3%', '14.8%', '19%', '11%', None, None, None, None, None, 'G', None),
    ('FD8e', 'MASH Screening Outcomes - Referral to Other Agency %', '19.9%', '29.7%', '18.6%', '1.1%', '1.1%', '1%', '13%', None, None, None, None, None, 'R', None),
    ('FD8f', 'MASH Screening Outcomes - Information and Advice %', '49.1%', '52.9%', '48.6%', '58.8%', '53.2%', '52%', '53%', None, None, None, None, None, 'G', None),
    ('FD16', 'Domestic Abuse Notifications Received', '165', '283', '260', '200', '285', '269', None, None, None, None, None, None, None, None),
]

# CIN20..CIN23, CIN25 and CIN27 lost their refs in the PDF text (and CIN24 reads "I UN24"):
# refs filled in sequence.
ROWS_002_CHILD_IN_NEED = [
    ('CIN1', 'Referrals received (No. month)', '186', '250', '214', '225', '278', '281', '280', None, None, None, None, None, 'A', '↑'),
    ('CIN2', 'Referrals received (Rate 12 Months rolling)', '628', '587', '557', '534', '550', '541', '701', '612', '700', '548', '621', '538', 'G', '↓'),
    ('CIN3', 'Referrals with decision made within 24hrs each Month (%)', '45%', '41%', '46%', '68%', '53%', '53%', '46%', None, None, None, None, None, 'A', '↔'),
    ('CIN4', 'Re-referral within 12 months of a previous referral (%)', '25%', '31%', '24%', '22%', '20%', '24%', '28%', '20-24%', '21%', '21%', '18%', '20%', 'G', '↓'),
    ('CIN5', 'Referrals where a child was found to be not in Need after Assessment.', '26%', '17%', '15%', '14%', '11%', '13%', '30%', '29%', '24%', '25%', '25%', '29%', 'G', '↑'),
    ('CIN6', 'Assessments Completed (No. Month)', '200', '201', '330', '323', '268', '275', '383', None, None, None, None, None, 'G', None),
    ('CIN7', 'Assessments Completed (12 Month Rolling Rate)', '862', '799', '779', '750', '706', '689', '900', None, '715', '594', '688', '533', 'G', None),
    ('CIN8', 'Child and Family Assessments completed under 45 working days (%)', '88.0%', '87.1%', '93.9%', '87.0%', '81.0%', '84%', '76%', '85%', '81%', '81%', '83%', '84%', 'G', '↑'),
    ('CIN9', 'Strategy Meetings (No. Completed Month)', '91', '181', '160', '156', '142', '121', '151', None, None, None, None, None, None, None),
    ('CIN10', 'Strategy meetings (12 Month Rolling Rate)', '343', '342', '339', '332', '336', '332', '353', None, None, None, None, None, None, None),
    ('CIN10a', 'Strategy Meeting Attendance by Key Agency - Police (%)', None, '99%', '100%', '100%', '100%', '99%', None, None, None, None, None, None, 'G', None),
    ('CIN10b', 'Strategy Meeting Attendance by Key Agency - Health (%)', None, '88%', '88%', '87%', '89%', '88%', None, None, None, None, None, None, 'A', None),
    ('CIN10c', 'Strategy Meeting Attendance by Key Agency - Education (%)', None, '90%', '85%', '86%', '44%', '87%', None, None, None, None, None, None, 'A', None),
    ('CIN11', 'Strategy Meeting Outcome - S47 (% Month)', '82%', '69%', '69%', '64%', '59%', '65%', '74%', None, None, None, None, None, 'A', None),
    ('CIN12', 'Strategy Meeting Outcomes-No Further Action (% Month)', '10%', '24%', '24%', '31%', '32%', '25%', '21%', None, None, None, None, None, 'A', None),
    ('CIN13', 'Section 47s Completed (no. Month)', '65', '110', '133', '105', '77', '77', '113', None, None, None, None, None, None, None),
    ('CIN14', 'Section 47s Completed (12 Month Rolling Rate)', '254', '246', '249', '247', '238', '235', '268', None, '212', '189', '267', '180', None, None),
    ('CIN15', 'Section 47s Completed - % Conference Outcomes ICPC (YTD)', '35%', '32%', '29%', '32%', '34%', '39%', '39%', None, '42%', '41%', '40%', '38%', 'A', None),
    ('CIN16', 'Child in Need Plan (No.)', '387', '383', '413', '392', '425', '408', '513', None, None, None, None, None, None, None),
    ('CIN17', 'Child In Need Reviews that were due completed in timescale (% YTD)', '69%', '66%', '69%', '71%', '68%', '69%', '74%', '80%', None, None, None, None, 'R', None),
    ('CIN18', 'Child Protection cases (No.)', '348', '334', '317', '311', '303', '301', '348', None, '281', '246', '326', '211', 'G', None),
    ('CIN19', 'Child Protection cases (Rate)', '68', '66', '62', '61', '59', '59', '68', None, '56', '49', '65', '42', 'G', '↔'),
    ('CIN20', 'Child Protection - Statutory visits in timescale (visit within last 28 days at Month end)', '91%', '86%', '85%', '90%', '91%', '94%', None, '95%', None, None, None, None, 'G', '↑'),
    ('CIN21', 'Number of Times a Child was Reported Missing (No Month)', '116', '146', '179', '170', '165', '185', '145', None, None, None, None, None, 'R', '↑'),
    ('CIN22', 'Number of Incidents where a Missing from Home Interview was Offered (by month end)', '79', '108', '134', '133', '105', '137', None, None, None, None, None, None, 'A', None),
    ('CIN23', 'Missing incidents completed return home interview with 72hrs (No)', '48', '70', '85', '84', '70', '112', None, None, None, None, None, None, 'A', None),
    ('CIN24', 'Number of Children with one or more missing incident each month', '63', '87', '89', '91', '93', '90', '79', None, None, None, None, None, 'A', '↓'),
    ('CIN25', 'Complex Safeguarding - Referrals into the Complex Safeguarding Team (Quarterly)', None, None, None, '32', None, '27', '17', None, None, None, None, None, None, None),
    ('CIN26', 'Complex Safeguarding - Referrals into the Complex Safeguarding Team Closed NFA % (Quarterly)', None, None, None, '50%', None, '33%', '46%', None, None, None, None, None, None, None),
    ('CIN27', 'Complex Safeguarding Team - Cases Open to Complex Safeguarding Team (Quarterly)', None, None, None, '29', None, '0', '37', None, None, None, None, None, None, None),
]

# CF15 is garbled in the PDF text and left out. The CF16..CF22 rows have one cell fewer than
# the header: the missing cell is taken to be Target (no CF16..CF22 row has a target), so
# CF19/CF20's four figures are the Greater Manchester, North West, statistical neighbour and
# England averages.
ROWS_002_CARED_FOR = [
    ('CF16', 'Independent and Semi-Independent Living No', '45', '40', '39', '28', '29', '26', '46', None, None, None, None, None, 'G', None),
    ('CF17', 'Independent and Semi-Independent Living %', '6.9%', '6.1%', '6.0%', '4.2%', '4.4%', '3.9%', '7.0%', None, None, None, None, None, 'G', None),
    ('CF18', 'Secure Units No', '2', '1', '1', '1', '1', '1', '3', None, None, None, None, None, 'G', None),
    ('CF19', 'Other Placements (Z1, 38.6, Unregulated) No.', '14', '18', '21', '16', '17', '16', '14', None, '13', '13', '20', '7', 'A', None),
    ('CF20', 'Other Placements (Z1, 38.6, Unregulated) %', '2.1%', '2.8%', '3.2%', '2.4%', '2.6%', '2.4%', '2.1%', None, '2%', '2%', '3%', '1%', 'A', None),
    ('CF21', 'Timeliness of Initial Health Assessments (% in timescale YTD)', '43%', '43%', '30%', '22%', '29%', '36%', '27%', None, None, None, None, None, 'R', '↑'),
    ('CF22', 'Timeliness of Initial Health Assessments (% in timescale MONTH)', '43%', '43%', '13%', '0%', '46%', '59%', '27%', None, None, None, None, None, 'A', '↑'),
    ('CF23', 'Meeting the Statutory Requirement for Health Assessments (% LAC +12m)', '88%', '88%', '93%', '89%', '90%', '90%', '85%', '96%', '93%', '92%', '93%', '89%', 'G', '↑'),
    ('CF25', 'Looked After Children with a current dental check (% LAC 12m+)', '78%', '83%', '83%', '83%', '84%', '82%', '77%', '80%', '69%', '74%', '73%', '70%', 'G', '↓'),
    ('CF27', 'Looked After Children with an Education Health and Care Plan (%)', '22%', '23%', '22%', '21%', '21%', '21%', '22%', None, None, None, None, None, 'A', None),
    ('CF28', 'Looked After children 3 - 15 with a current Personal Education Plan (% Quarterly)', '99%', '99%', '99%', '99%', '99%', '99%', '99%', None, None, None, None, None, 'G', '↔'),
    ('CF29', 'Care Leavers with a Pathway Plan in place (%)', '86%', '85%', '85%', '86%', '87%', '87%', '86%', None, None, None, None, None, 'A', '↔'),
    ('CF30', 'Care Leavers in Touch 17-21 (%) BIRTHDAY CONTACT', '85%', '86%', '81%', '90%', '88%', '84%', '92%', '93%', '94%', '95%', '91%', '93%', 'A', '↓'),
    ('CF31', 'Care Leavers 17-21 EET (%) BIRTHDAY CONTACT', '54%', '55%', '56%', '51%', '47%', '51%', '54%', '52%', '55%', '54%', '59%', '58%', 'A', '↑'),
]

ROWS_002_SAFEGUARDING = [
    ('SG1', 'Children Missing from Education (No)', '166', '168', '162', '151', '142', '145', '248', None, None, None, None, None, 'A', '↑'),
    ('SG2', 'Children Receiving Elective Home Education (No)', '240', '256', '235', '230', '229', '253', '229', None, None, None, None, None, 'A', '↑'),
    ('SG3', "% of Children receiving Elective Home Education who are open to Children's Social Care", '0.8%', '1.2%', '1.3%', '1.3%', '1.7%', '1.6%', '2.2%', None, None, None, None, None, 'A', '↓'),
    ('SG4', 'Child in Need (all open cases) with a Education Health and Care Plan (%)', '14%', '14%', '15%', '15%', '14%', '13%', '15%', None, None, None, None, None, 'A', '↓'),
    ('SG5', 'Children with Initial Child Protection Conferences held under 15 Working Days (% YTD)', '100%', '87%', '87%', '92%', '93%', '94%', '72%', '83%', '81%', '79%', '84%', '79%', 'G', '↑'),
    ('SG6', 'Children with Initial Child Protection Conferences held under 15 Working Days (% IN MONTH)', '100%', '81%', '88%', '100%', '96%', '100%', '72%', None, None, None, None, None, 'G', '↑'),
    ('SG7', 'Initial Child Protection Conferences (No Held)', '9', '17', '21', '23', '21', '22', '18', None, None, None, None, None, None, None),
    ('SG8', 'Attendance at Initial Child Protection Conference by Police', '100%', '100%', '81%', '74%', '95%', '86%', '59%', None, None, None, None, None, 'A', None),
    ('SG9', 'Attendance at Initial Child Protection Conference by Health', '100%', '82%', '100%', '96%', '70%', '100%', '85%', None, None, None, None, None, 'G', None),
    ('SG10', 'Attendance at Initial Child Protection Conference by Education', '50%', '100%', '92%', '87%', '36%', '86%', '77%', None, None, None, None, None, 'A', None),
    ('SG11', 'Child Protection Plan Reviews in timescale (% YTD)', '98%', '91%', '97%', '99%', '98%', '97%', '86%', '91%', '87%', '87%', '89%', '89%', 'G', '↓'),
    ('SG12', 'Child Protection Plan Reviews in timescale (% Each Month)', '100%', '99%', '98%', '99%', '100%', '85%', None, None, None, None, None, None, 'A', None),
    ('SG13', 'Child Protection - open over 18 months', '6.0%', '5.0%', '2.8%', '3.2%', '4.0%', '7.6%', '5.5%', None, None, None, None, None, 'R', '↑'),
    ('SG14', 'Child Protection - open over 2 years', '2.9%', '1.2%', '0.9%', '1.3%', '1.3%', '1.3%', '2.5%', '2.1%', '3.0%', '2.8%', '3.0%', '2.5%', 'G', '↔'),
    ('SG15', 'Looked After Child Reviews in Timescale (% YTD)', '86%', '64%', '77%', '79%', '81%', '82%', '87%', '95%', None, None, None, None, 'A', '↑'),
    ('SG16', 'Audits completed (No Month)', '32', '23', '12', '16', 'Not Yet Available', 'Not Yet Available', '11', None, None, None, None, None, None, None),
    ('SG17', 'Audits completed (YTD)', '32', '55', '67', '83', 'Not Yet Available', 'Not Yet Available', '132', None, None, None, None, None, None, None),
    ('SG18', 'Audits rated good / outstanding (% YTD)', '16%', '15%', '18%', '16%', 'Not Yet Available', 'Not Yet Available', '35%', '45%', None, None, None, None, None, None),
    ('SG19', 'Audits Requiring Improvement (% YTD)', '66%', '73%', '70%', '61%', 'Not Yet Available', 'Not Yet Available', '52%', None, None, None, None, None, None, None),
    ('SG20', 'Audits Inadequate (% YTD)', '19%', '13%', '12%', '23%', 'Not Yet Available', 'Not Yet Available', '13%', None, None, None, None, None, None, None),
]

# (section heading as in the paper without the head of service's name, theme, header row,
#  period of the North West average for the canonical CSV, rows)
SECTIONS_002 = [
    ("FRONT DOOR - Head of Service - Adolescent Services", "Front door",
     HEADER_002_FRONT_DOOR, None, ROWS_002_FRONT_DOOR),
    ("CHILD IN NEED - Head of Service - Child in Need and Child Protection", "Child in need",
     HEADER_002_CHILD_IN_NEED, "2020/21", ROWS_002_CHILD_IN_NEED),
    ("CARED FOR CHILDREN - Head of Service Cared for Children and Care Leavers", "Cared for children",
     HEADER_002_CHILD_IN_NEED, "2020/21", ROWS_002_CARED_FOR),
    ("SAFEGUARDING AND QUALITY ASSURANCE - Head of Service Safeguarding and Quality Assurance",
     "Safeguarding and quality assurance", HEADER_002_SAFEGUARDING, "2021/22", ROWS_002_SAFEGUARDING),
]

# Unit and polarity (which direction is good) of each 002 indicator: the paper does not say;
# judged from the indicator name as a performance officer would (see README.md).
META_002 = {
    "FD1": ("count", "neutral"), "FD2": ("rate_per_10k", "neutral"), "FD2a": ("count", "neutral"),
    "FD2b": ("count", "neutral"), "FD2c": ("percent", "neutral"), "FD2d": ("count", "neutral"),
    "FD2e": ("count", "neutral"), "FD2f": ("percent", "high"), "FD7": ("percent", "neutral"),
    "FD8b": ("count", "neutral"), "FD8c": ("percent", "neutral"), "FD8d": ("percent", "neutral"),
    "FD8e": ("percent", "neutral"), "FD8f": ("percent", "neutral"), "FD16": ("count", "neutral"),
    "CIN1": ("count", "neutral"), "CIN2": ("rate_per_10k", "neutral"), "CIN3": ("percent", "high"),
    "CIN4": ("percent", "low"), "CIN5": ("percent", "low"), "CIN6": ("count", "neutral"),
    "CIN7": ("rate_per_10k", "neutral"), "CIN8": ("percent", "high"), "CIN9": ("count", "neutral"),
    "CIN10": ("rate_per_10k", "neutral"), "CIN10a": ("percent", "high"), "CIN10b": ("percent", "high"),
    "CIN10c": ("percent", "high"), "CIN11": ("percent", "neutral"), "CIN12": ("percent", "neutral"),
    "CIN13": ("count", "neutral"), "CIN14": ("rate_per_10k", "neutral"), "CIN15": ("percent", "neutral"),
    "CIN16": ("count", "neutral"), "CIN17": ("percent", "high"), "CIN18": ("count", "neutral"),
    "CIN19": ("rate_per_10k", "neutral"), "CIN20": ("percent", "high"), "CIN21": ("count", "low"),
    "CIN22": ("count", "high"), "CIN23": ("count", "high"), "CIN24": ("count", "low"),
    "CIN25": ("count", "neutral"), "CIN26": ("percent", "neutral"), "CIN27": ("count", "neutral"),
    "CF16": ("count", "neutral"), "CF17": ("percent", "neutral"), "CF18": ("count", "neutral"),
    "CF19": ("count", "low"), "CF20": ("percent", "low"), "CF21": ("percent", "high"),
    "CF22": ("percent", "high"), "CF23": ("percent", "high"), "CF25": ("percent", "high"),
    "CF27": ("percent", "neutral"), "CF28": ("percent", "high"), "CF29": ("percent", "high"),
    "CF30": ("percent", "high"), "CF31": ("percent", "high"),
    "SG1": ("count", "low"), "SG2": ("count", "neutral"), "SG3": ("percent", "neutral"),
    "SG4": ("percent", "neutral"), "SG5": ("percent", "high"), "SG6": ("percent", "high"),
    "SG7": ("count", "neutral"), "SG8": ("percent", "high"), "SG9": ("percent", "high"),
    "SG10": ("percent", "high"), "SG11": ("percent", "high"), "SG12": ("percent", "high"),
    "SG13": ("percent", "low"), "SG14": ("percent", "low"), "SG15": ("percent", "high"),
    "SG16": ("count", "neutral"), "SG17": ("count", "neutral"), "SG18": ("percent", "high"),
    "SG19": ("percent", "low"), "SG20": ("percent", "low"),
}

# =============================================================================================
# Paper 000: monthly children's services dashboard, Sep-23..Jan-24, plus public health table
# =============================================================================================

SHEET_000_CSC = "Children's Social Care"
SHEET_000_PH = "Public Health"
MONTHS_000 = ["Sep- 23", "Oct- 23", "Nov- 23", "Dec- 23", "Jan- 24"]  # as the paper spells them
MONTHS_000_CANONICAL = ["Sep-23", "Oct-23", "Nov-23", "Dec-23", "Jan-24"]
CURRENT_PERIOD_000 = "January 2024"
HEADER_000_CSC = ["Indicator", *MONTHS_000, "Above/Below North West Rate",
                  "Above/Below National Rate", "Above/Below Stat Neighbours"]

# (Indicator, Sep-23, Oct-23, Nov-23, Dec-23, Jan-24, vs North West, vs National,
#  vs Stat Neighbours, unit, polarity). The paper's arrows are garbled glyphs, decoded as
# Û -> Above, ⇔ -> Similar, ₽ -> Below, បិ -> Below; N/A kept.
BLOCKS_000 = [
    [
        ("Number of Open Cases", "1784", "1751", "1715", "1732", "1630", "Above", "Above", "Above", "count", "neutral"),
        ("Number of referrals starting in Month", "229", "233", "228", "154", "156", "Above", "Above", "Above", "count", "neutral"),
        ("Number of Assessments Completed", "269", "330", "287", "292", "318", "Above", "Above", "Above", "count", "neutral"),
        ("% of Assessments Completed in 45 Days (Year to date)", "77%", "82%", "86%", "87%", "87%", "Above", "Above", "Above", "percent", "high"),
        ("Number of CIN Plans", "506", "538", "542", "551", "556", "Above", "Above", "Above", "count", "neutral"),
        ("Children on CIN Plans with Statutory Visits in time", "77%", "79%", "76%", "77%", "76%", "N/A", "N/A", "N/A", "percent", "high"),
        ("Number of children on CPP", "211", "219", "205", "207", "197", "Above", "Above", "Above", "count", "neutral"),
        ("Children on CP Plans with CP Reviews in time", "83%", "86%", "88%", "91%", "91%", "Above", "Above", "Above", "percent", "high"),
        ("Children on CP Plans with a Visit in time", "69%", "72%", "74%", "76%", "77%", "N/A", "N/A", "N/A", "percent", "high"),
    ],
    [
        ("Number of children in care", "494", "485", "480", "471", "478", "Above", "Above", "Above", "count", "neutral"),
        ("Children in Care with Statutory Visits up to Date", "87%", "90%", "91%", "91%", "91%", "N/A", "N/A", "N/A", "percent", "high"),
        ("Looked After Children with an up-to-date health assessment", "93%", "92%", "87%", "80%", "96%", "Above", "Above", "Below", "percent", "high"),
        ("Looked After Children with an up-to-date dental check", "75%", "76%", "78%", "79%", "78%", "Above", "Above", "Above", "percent", "high"),
        ("Number of UASC", "22", "24", "24", "26", "23", "Similar", "Above", "Similar", "count", "neutral"),
        ("Children in Foster Placements", "327", "314", "317", "320", "312", "Above", "Below", "Below", "count", "neutral"),
        ("Children in Independent Fostering Agency Placements", "131", "132", "126", "117", "115", "N/A", "N/A", "N/A", "count", "neutral"),
    ],
    [
        ("Care Leavers 17-18 in Touch", "95%", "97%", "96%", "95%", "97%", "Above", "Above", "Above", "percent", "high"),
        ("Care Leavers 19-21 in Touch", "93%", "92%", "93%", "94%", "94%", "Above", "Above", "Above", "percent", "high"),
        ("Care Leavers 17-18 in Suitable Accommodation", "96%", "94%", "92%", "92%", "92%", "Above", "Above", "Above", "percent", "high"),
        ("Care Leavers 19-21 in Suitable Accommodation", "98%", "98%", "97%", "98%", "99%", "Above", "Above", "Above", "percent", "high"),
        ("Care Leavers 17-18 EET", "66%", "67%", "65%", "66%", "67%", "Above", "Above", "Above", "percent", "high"),
        ("Care Leavers 19-21 EET", "57%", "57%", "59%", "58%", "59%", "Above", "Above", "Above", "percent", "high"),
        ("No. of Social Workers with caseloads over 20", "18", "19", "17", "15", "13", "N/A", "N/A", "N/A", "count", "low"),
        ("No. of ASYE with caseloads over 20", "0", "1", "0", "0", "0", "N/A", "N/A", "N/A", "count", "low"),
        ("Social Worker vacancies", None, "28", "15", "15", "16", None, None, None, "count", "low"),
    ],
]

QUARTERS_000 = ["Q1 23/24", "Q2 23/24", "Q3 23/24"]
QUARTERS_000_CANONICAL = ["Q1 2023/24", "Q2 2023/24", "Q3 2023/24"]
YEAR_000 = "22/23"
YEAR_000_CANONICAL = "2022/23"
HEADER_000_PH = ["Indicator", *QUARTERS_000, YEAR_000, "Above / Below North West Rate",
                 "Above / Below National Rate"]

# (Indicator, Q1 23/24, Q2 23/24, Q3 23/24, 22/23, North West (value, own period, relation),
#  National (value, own period, relation), unit, polarity). Every comparison arrow in the
# paper (û, î, Î, 1) sits next to "Above" and is written ▲.
PUBLIC_HEALTH_000 = [
    ("Smoking status at the time of delivery", "13.1%", "12.8%", "n/a", "13.7%",
     ("10.3%", None, "Above"), ("8.8%", None, "Above"), "percent", "low"),
    ("Percentage of children who received a 2-2½ year review from Health Visitor", "90.5%", "87.6%", "89.3%", "73.6%",
     ("76.8%", None, "Above"), ("73.6%", None, "Above"), "percent", "high"),
    ("Percentage of children aged 5 with MMR vaccination (2 doses)", "86.0%", "87.3%", "n/a", "87.0%",
     ("86.0%", None, "Above"), ("85.0%", None, "Above"), "percent", "high"),
    ("Hospital admissions for self-harm aged 10-24 years", "771.9", "717.2", "n/a", "875.8",
     ("414", "21/22", "Above"), ("427.3", "21/22", "Above"), "rate_per_100k", "low"),
    ("Under 18 conception rate per 1000 15-17 year old (1 year rolling average)", "n/a", "n/a", "n/a", "25.9",
     ("16.4", None, "Above"), ("13.1", None, "Above"), "rate_per_1000", "low"),
]
RELATION_ARROWS = {"Above": "▲", "Below": "▼"}

# =============================================================================================
# Paper 004: Sefton Council quarterly scorecard, data as at end of September 2023 (Q2)
# =============================================================================================

TITLE_004 = "Children's Social Care Performance Scorecard"
COUNCIL_004 = "Sefton Council"
AS_AT_004 = "Data as at end of September (Q2)"
# The paper's three explanatory notes, reworded (not copied).
NOTES_004 = [
    "Latest six-month figures are set against the same six months a year earlier, using the ChAT report.",
    "Indicators 1 to 7 are tracked in the DfE Commissioner's report; where a rolling 12-month figure "
    "exists it is shown so recent progress can be seen.",
    "Each indicator also shows its direction of travel and how it compares with the 2021-22 published statistics.",
]
KEY_004 = "Key indicator. Targets have been set for all key indicators."
PUBLISHED_004 = "Latest published statistics for LAs (2021-22)"
HEADER_004 = ["No", "Indicator", "LA 12m", "LA 6m", "Target", "Direction of travel", "Low/High is good",
              "LA", "SN", "Eng", "Compared to mid-50% LA", "Analysis"]
# The paper's two footnotes, reworded with the same meaning and markers.
FOOTNOTES_004 = [
    "* rolling 12 months data. Every other figure is the ChAT value from twelve months earlier.",
    "** a snapshot taken at the end of September 2023",
]
PUBLISHED_PERIOD_004 = "2021/22"
CURRENT_PERIOD_004 = "September 2023"

# (No, Indicator, LA 12m, LA 6m, Target, Direction of travel, Low/High is good, LA, SN, Eng,
#  Compared to mid-50% LA, unit, our own analysis sentence)
ROWS_004 = [
    ("1", "Referrals received (annual rate per 10,000 of children)*", "693", "522", "650", "↓", "-",
     "768", "579", "538", "Higher", "rate_per_10k",
     "The 6-month rate of 522 is well under both the 12-month rate of 693 and the 650 target, "
     "although the 12-month rate is still above statistical neighbours (579) and England (538)."),
    ("2", "Referrals to social care that were within 12 months of a previous referral (%)*", "26.9", "25.9", "22", "↓", "Low",
     "19", "21", "20", "In range", "percent",
     "Re-referrals have eased from 26.9% to 25.9% but remain about 4 points above the 22% target "
     "and above the published figures of 19% to 21%."),
    ("3", "Assessments completed (annual rate per 10,000 of children)*", "832", "769", "730", "↓", "-",
     "820", "622", "533", "Higher", "rate_per_10k",
     "At 832 the 12-month assessment rate is above the 730 target and far above England (533), "
     "with the 6-month rate of 769 closing some of the gap."),
    ("4", "Assessments completed within 45 working days (%)*", "65.2", "55", "84", "↓", "High",
     "79", "89", "84", "In range", "percent",
     "Timeliness has dropped to 55% over six months, 29 points below the 84% target and well "
     "behind statistical neighbours (89%)."),
    ("5", "Children subject to section 47 enquiries (annual rate per 10,000 of children)*", "303.5", "246", "250", "↓", "-",
     "243", "207", "180", "Higher", "rate_per_10k",
     "The 6-month rate of 246 has slipped under the 250 target from 303.5 over 12 months, yet "
     "stays above statistical neighbours (207) and England (180)."),
    ("6", "Percentage of agency social workers (%) in workforce**", "-", "49", "20", "↓", "Low",
     "50", "-", "-", "-", "percent",
     "Agency staff make up 49% of social workers, only a point below the published figure of "
     "50% and far from the 20% target."),
    ("7", "Number of children cared for in unregulated and unregistered placements**", "-", "27", "19", "↓", "Low",
     "38", "-", "-", "-", "count",
     "27 children are in unregulated or unregistered placements, down from 38 but still 8 more "
     "than the target of 19."),
    ("8", "Children subject of an initial child protection conference (annual rate per 10,000 of children)", "89", "58", "-", "↓", "-",
     "80", "74", "61", "Higher", "rate_per_10k",
     "The 6-month rate of 58 is well below the 12-month figure of 89 and now sits under "
     "statistical neighbours (74) and just below England (61)."),
    ("9", "Initial Child Protection Conferences held within 15 working days of the start of the section 47 enquiry (%)", "92", "70", "-", "↓", "High",
     "63", "82", "79", "Lower", "percent",
     "Conferences held within 15 working days have fallen from 92% to 70%, below statistical "
     "neighbours (82%) and England (79%)."),
    ("10", "Children in need (snapshot rate per 10,000 children)", "443", "354", "-", "↓", "-",
     "495", "382", "334", "Higher", "rate_per_10k",
     "The children in need rate has come down from 443 to 354 per 10,000, now under statistical "
     "neighbours (382) but still above England (334)."),
    ("11", "Children who are the subject of a child protection plan (snapshot rate per 10,000 children)", "70", "58", "-", "↓", "-",
     "62", "50", "42", "Higher", "rate_per_10k",
     "The child protection plan rate has fallen from 70 to 58 per 10,000 but is still above "
     "statistical neighbours (50) and England (42)."),
    ("12", "Children who became the subject of a CP plan for a second or subsequent time (%)", "15", "25", "-", "↑", "Low",
     "21", "25", "23", "In range", "percent",
     "Repeat child protection plans have risen from 15% to 25%, level with statistical "
     "neighbours (25%) and a little above England (23%)."),
]
POLARITY_004 = {"Low": "low", "High": "high", "-": "neutral"}

# =============================================================================================
# Writing
# =============================================================================================

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADING_FILL = PatternFill("solid", fgColor="1F4E78")
HEADING_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
KEY_FILL = PatternFill("solid", fgColor="FFF2CC")
RAG_FILLS = {"R": PatternFill("solid", fgColor="FFC7CE"), "A": PatternFill("solid", fgColor="FFEB9C"),
             "G": PatternFill("solid", fgColor="C6EFCE")}
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() != "" and text.strip()[0] in "0123456789-+." and "e" not in text.lower()


def _decimals(number: str) -> int:
    return len(number.split(".", 1)[1]) if "." in number else 0


def xlsx_value(text: str | None) -> tuple[object, str | None]:
    """(cell value, number format) for a figure as the paper prints it.

    ``"91.1%"`` -> (0.911, "0.0%"), ``"22%"`` -> (0.22, "0%"), ``"1107"`` -> (1107, "0"),
    ``"303.5"`` -> (303.5, "0.0"); anything else (``"20-24%"``, ``"Not Yet Available"``, ``"-"``,
    ``"n/a"``) stays text."""
    if text is None:
        return None, None
    t = text.strip()
    if t.endswith("%") and _is_number(t[:-1]):
        number = t[:-1]
        d = _decimals(number)
        return float(Decimal(number) / 100), ("0%" if d == 0 else "0." + "0" * d + "%")
    if _is_number(t):
        d = _decimals(t)
        return (float(t), "0." + "0" * d) if d else (int(t), "0")
    return t, None


def csv_value(text: str | None) -> str:
    """A figure for the canonical CSV: plain number without % (``"91.1%"`` -> ``"91.1"``),
    decimals kept as printed; missing markers as the paper writes them; empty for no cell."""
    if text is None:
        return ""
    t = text.strip()
    return t[:-1] if t.endswith("%") else t


def put(ws, row: int, col: int, text: str | None, **style) -> None:
    value, fmt = xlsx_value(text)
    if value is None:
        return
    cell = ws.cell(row=row, column=col, value=value)
    if fmt:
        cell.number_format = fmt
    for key, val in style.items():
        setattr(cell, key, val)


def text_cell(ws, row: int, col: int, value: str | None, **style) -> None:
    if value is None:
        return
    cell = ws.cell(row=row, column=col, value=value)
    for key, val in style.items():
        setattr(cell, key, val)


def header_row(ws, row: int, header: list[str]) -> None:
    for col, text in enumerate(header, start=1):
        text_cell(ws, row, col, text, font=BOLD, fill=HEADER_FILL,
                  alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
    ws.row_dimensions[row].height = 45


def widths(ws, sizes: dict[str, float]) -> None:
    for letter, size in sizes.items():
        ws.column_dimensions[letter].width = size


def new_book() -> Workbook:
    book = Workbook()
    book.properties.creator = "narrator examples/build_examples.py"
    book.properties.created = FIXED_TIME
    return book


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


# --- 002 --------------------------------------------------------------------------------------

def build_monthly(stem: Path) -> int:
    book = new_book()
    ws = book.active
    ws.title = "Scorecard"
    text_cell(ws, 1, 1, REPORT_MONTH_002, font=TITLE_FONT)
    text_cell(ws, 2, 1, TITLE_002, font=BOLD)
    r = 4
    csv_rows = []
    for heading, theme, header, nw_period, rows in SECTIONS_002:
        text_cell(ws, r, 1, heading, font=HEADING_FONT, fill=HEADING_FILL)
        for col in range(2, len(header) + 1):
            ws.cell(row=r, column=col).fill = HEADING_FILL
        header_row(ws, r + 1, header)
        r += 2
        for ref, name, *rest in rows:
            months, (current, previous, target, gm, nw, sn, eng, rag, dot) = rest[:5], rest[5:]
            text_cell(ws, r, 1, ref)
            text_cell(ws, r, 2, name, alignment=WRAP)
            for col, text in enumerate([*months, current, previous, target, gm, nw, sn, eng], start=3):
                put(ws, r, col, text)
            # column 15 (O) is "Last 12 Months", the sparkline column: left empty
            text_cell(ws, r, 16, rag, alignment=CENTRE, fill=RAG_FILLS[rag] if rag else PatternFill())
            text_cell(ws, r, 17, dot, alignment=CENTRE)
            r += 1
            unit, polarity = META_002[ref]
            csv_rows.append([
                ref, name, theme, unit, polarity,
                csv_value(previous), "September 2022" if previous else "",
                csv_value(current), REPORT_MONTH_002, csv_value(target), rag or "", dot or "",
                csv_value(gm),
                csv_value(nw) if nw_period != "2021/22" else "",
                csv_value(nw) if nw_period == "2021/22" else "",
                csv_value(sn), csv_value(eng),
                *(csv_value(m) for m in months),
            ])
        r += 1
    widths(ws, {"A": 8, "B": 62, **{get_column_letter(c): 9.5 for c in range(3, 8)}, "H": 12, "I": 10,
                "J": 9, "K": 14, "L": 12, "M": 14, "N": 11, "O": 11, "P": 12, "Q": 11})
    ws.freeze_panes = "C3"
    book.save(stem.with_suffix(".xlsx"))
    write_csv(stem.with_suffix(".csv"),
              ["ref", "indicator", "theme", "unit", "polarity", "previous_year", "previous_year_period",
               "current", "current_period", "target", "rag", "direction_of_travel",
               "greater_manchester (2021/22)", "north_west (2020/21)", "north_west (2021/22)",
               "statistical_neighbours (2021/22)", "england (2021/22)", *MONTHS_002],
              csv_rows)
    return len(csv_rows)


# --- 000 --------------------------------------------------------------------------------------

def _relation_text(value: str, period: str | None, relation: str) -> str:
    return f"{value}{f' ({period})' if period else ''} {RELATION_ARROWS[relation]} {relation}"


def build_dashboard(stem: Path) -> int:
    book = new_book()
    ws = book.active
    ws.title = SHEET_000_CSC
    csv_rows = []
    r = 1
    for block in BLOCKS_000:
        text_cell(ws, r, 1, "Children's Social Care", font=TITLE_FONT)
        header_row(ws, r + 1, HEADER_000_CSC)
        r += 2
        for name, *months, nw, eng, sn, unit, polarity in block:
            text_cell(ws, r, 1, name, alignment=WRAP)
            for col, text in enumerate(months, start=2):
                put(ws, r, col, text)
            for col, word in enumerate((nw, eng, sn), start=7):
                text_cell(ws, r, col, word, alignment=CENTRE)
            r += 1
            rel = {None: "", "N/A": "N/A"}
            csv_rows.append([
                name, "Children's social care", unit, polarity, "", "",
                csv_value(months[-1]), CURRENT_PERIOD_000,
                "", rel.get(nw, (nw or "").lower()), "", rel.get(eng, (eng or "").lower()),
                rel.get(sn, (sn or "").lower()),
                *(csv_value(m) for m in months), "", "", "", "", "",
            ])
        r += 1
    widths(ws, {"A": 58, **{get_column_letter(c): 9 for c in range(2, 7)}, "G": 16, "H": 16, "I": 16})

    ph = book.create_sheet(SHEET_000_PH)
    text_cell(ph, 1, 1, "Public Health", font=TITLE_FONT)
    header_row(ph, 2, HEADER_000_PH)
    for i, (name, *values, nw, eng, unit, polarity) in enumerate(PUBLIC_HEALTH_000, start=3):
        text_cell(ph, i, 1, name, alignment=WRAP)
        for col, text in enumerate(values, start=2):
            put(ph, i, col, text)
        text_cell(ph, i, 6, _relation_text(*nw), alignment=CENTRE)
        text_cell(ph, i, 7, _relation_text(*eng), alignment=CENTRE)
        quarters, year = values[:3], values[3]
        present = [k for k, q in enumerate(quarters) if csv_value(q) not in ("", "n/a")]
        latest = present[-1] if present else len(quarters) - 1
        notes = ""
        if nw[1] or eng[1]:
            notes = ("The North West and England comparators are 2021/22 figures, a year older than "
                     "the 2022/23 value.")
        csv_rows.append([
            name, "Public health", unit, polarity, csv_value(year), YEAR_000_CANONICAL,
            csv_value(quarters[latest]), QUARTERS_000_CANONICAL[latest],
            csv_value(nw[0]), nw[2].lower(), csv_value(eng[0]), eng[2].lower(), "",
            "", "", "", "", "", *(csv_value(q) for q in quarters), csv_value(year), notes,
        ])
    widths(ph, {"A": 58, "B": 10, "C": 10, "D": 10, "E": 10, "F": 22, "G": 22})
    book.save(stem.with_suffix(".xlsx"))
    # Comparator values are only known for the public health rows, and their periods are not
    # printed (except the self-harm ones, given in notes), so the headers carry no period.
    write_csv(stem.with_suffix(".csv"),
              ["indicator", "theme", "unit", "polarity", "previous_year", "previous_year_period",
               "current", "current_period", "north_west", "north_west_relation", "england",
               "england_relation", "statistical_neighbours_relation", *MONTHS_000_CANONICAL,
               *QUARTERS_000_CANONICAL, YEAR_000_CANONICAL, "notes"],
              csv_rows)
    return len(csv_rows)


# --- 004 --------------------------------------------------------------------------------------

def build_quarterly(stem: Path) -> int:
    book = new_book()
    ws = book.active
    ws.title = "Scorecard"
    text_cell(ws, 1, 1, COUNCIL_004, font=TITLE_FONT)
    text_cell(ws, 1, 3, TITLE_004, font=TITLE_FONT)
    text_cell(ws, 3, 1, AS_AT_004, font=BOLD)
    for i, note in enumerate(NOTES_004, start=4):
        text_cell(ws, i, 1, note)
    text_cell(ws, 8, 1, KEY_004, fill=KEY_FILL)
    text_cell(ws, 8, 8, PUBLISHED_004, font=BOLD, alignment=Alignment(horizontal="center"))
    ws.merge_cells("H8:J8")
    header_row(ws, 9, HEADER_004)
    csv_rows = []
    for r, (no, name, la12, la6, target, dot, good, la, sn, eng, band, unit, analysis) in \
            enumerate(ROWS_004, start=10):
        key = target != "-"  # the key indicators are the ones with targets (1 to 7)
        put(ws, r, 1, no, alignment=CENTRE, **({"fill": KEY_FILL} if key else {}))
        text_cell(ws, r, 2, name, alignment=WRAP, **({"fill": KEY_FILL} if key else {}))
        for col, text in enumerate((la12, la6, target), start=3):
            put(ws, r, col, text, alignment=CENTRE)
        text_cell(ws, r, 6, dot, alignment=CENTRE)
        text_cell(ws, r, 7, good, alignment=CENTRE)
        for col, text in enumerate((la, sn, eng), start=8):
            put(ws, r, col, text, alignment=CENTRE)
        text_cell(ws, r, 11, band, alignment=CENTRE)
        text_cell(ws, r, 12, analysis, alignment=WRAP)
        if name.endswith("*"):
            # * rolling 12 months (LA 12m is current); ** snapshot (only LA 6m is given).
            # LA is the council's own published figure, used as its previous year.
            current = la12 if la12 != "-" else la6
            previous, previous_period, published = la, PUBLISHED_PERIOD_004, ""
            rolling = (csv_value(la12), csv_value(la6))
        else:
            # No marker: LA 12m is the ChAT figure from twelve months earlier, LA 6m the current one
            # (see quarterly_scorecard_2023_q2.columns.yml for the same reading of the workbook).
            current, previous, previous_period, published = la6, la12, "September 2022", la
            rolling = ("", "")
        csv_rows.append([
            no, name.rstrip("*"), "Children's social care", unit, POLARITY_004[good],
            csv_value(previous), previous_period, csv_value(current), CURRENT_PERIOD_004,
            csv_value(target), "" if band == "-" else band, dot, *rolling,
            csv_value(sn), csv_value(eng), csv_value(published) if published else "", analysis,
        ])
    last = 9 + len(ROWS_004)
    for i, note in enumerate(FOOTNOTES_004, start=last + 3):
        text_cell(ws, i, 1, note)
    widths(ws, {"A": 5, "B": 55, "C": 8, "D": 8, "E": 8, "F": 10, "G": 10, "H": 8, "I": 8, "J": 8,
                "K": 13, "L": 70})
    book.save(stem.with_suffix(".xlsx"))
    write_csv(stem.with_suffix(".csv"),
              ["ref", "indicator", "theme", "unit", "polarity", "previous_year", "previous_year_period",
               "current", "current_period", "target", "band", "direction_of_travel", "rolling_12m",
               "rolling_6m", "statistical_neighbours (2021/22)", "england (2021/22)", "published (2021/22)",
               "notes"],
              csv_rows)
    return len(csv_rows)


def main() -> None:
    counts = {
        "monthly_scorecard_2023_09": build_monthly(HERE / "monthly_scorecard_2023_09"),
        "quarterly_scorecard_2023_q2": build_quarterly(HERE / "quarterly_scorecard_2023_q2"),
        "childrens_dashboard_2024_01": build_dashboard(HERE / "childrens_dashboard_2024_01"),
    }
    for stem, n in counts.items():
        print(f"examples/{stem}.xlsx and .csv: {n} indicators")


if __name__ == "__main__":
    main()
