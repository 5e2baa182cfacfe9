// Solves the anti-spam challenge of the report form in the background: finds
// the number whose SHA-256 with the salt equals the challenge (the ALTCHA v1
// scheme) and puts the solution in the hidden `altcha` field. Without this
// script, or without Web Crypto, the form is sent without a solution and the
// server applies a stricter rate limit instead.
(function () {
  'use strict';

  var form = document.querySelector('form[data-altcha-challenge]');
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var field = form.querySelector('input[name="altcha"]');
  var status = document.getElementById('proof-status');
  var challenge;
  try {
    challenge = JSON.parse(form.getAttribute('data-altcha-challenge'));
  } catch {
    return;
  }

  var encoder = new TextEncoder();
  var solved = null;
  var submitting = false;

  function toHex(buffer) {
    var bytes = new Uint8Array(buffer);
    var hex = '';
    for (var index = 0; index < bytes.length; index += 1) {
      hex += (bytes[index] < 16 ? '0' : '') + bytes[index].toString(16);
    }
    return hex;
  }

  // Hashes in batches, so the page stays responsive and the promise chain short.
  function solve() {
    var max = challenge.maxnumber || 1000000;
    var batchSize = 250;
    function hash(number) {
      return window.crypto.subtle
        .digest('SHA-256', encoder.encode(challenge.salt + number))
        .then(toHex);
    }
    function batch(start) {
      if (start > max) {
        return Promise.resolve(null);
      }
      var hashes = [];
      for (var number = start; number < start + batchSize && number <= max; number += 1) {
        hashes.push(hash(number));
      }
      return Promise.all(hashes).then(function (results) {
        var found = results.indexOf(challenge.challenge);
        return found >= 0 ? start + found : batch(start + batchSize);
      });
    }
    return batch(0);
  }

  solved = solve().then(function (number) {
    if (number === null) {
      return false;
    }
    field.value = btoa(
      JSON.stringify({
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: number,
        salt: challenge.salt,
        signature: challenge.signature,
      }),
    );
    return true;
  });

  form.addEventListener('submit', function (event) {
    if (field.value !== '' || submitting) {
      return;
    }
    event.preventDefault();
    submitting = true;
    if (status) {
      status.textContent = status.getAttribute('data-pending') || '';
    }
    solved.then(function () {
      if (status) {
        status.textContent = '';
      }
      HTMLFormElement.prototype.submit.call(form);
    });
  });
})();
